// Monitoring aggregates: one item per tenant × group × location holding a count per status and
// a `version`, and the tenant's update slot (the coalescer's dirty mark and last publish).
//
// A transition's delta is one ADD on one item when the agent stays in its group and location (its
// two statuses are attributes of the same item, so both move atomically), or one ADD on each of
// two items when it moves (shared/monitoring/status.ts cellDeltas). Every delta bumps the item's
// version; the reconciler overwrites an item only on the condition that its version is still the
// one it read (shared/monitoring/reconcile-plan.ts).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DIRTY_MARK_STALE_MS, type UpdateSlot } from '#shared/monitoring/coalesce.ts';
import { zeroCounts, type StatusCounts } from '#shared/monitoring/counts.ts';
import type { CellWrite, StoredCell } from '#shared/monitoring/reconcile-plan.ts';
import { AGENT_STATUSES, placementKey, type LiveStatus, type Placement } from '#shared/monitoring/status.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';
import { queryAll } from './page.ts';

type Item = Record<string, any>;

const countsOf = (item: Item): StatusCounts => {
  const counts = zeroCounts();
  for (const status of AGENT_STATUSES) counts[status] = Number(item[status] ?? 0);
  return counts;
};

/** Adds to one item's counts (a transition's delta, see cellDeltas) and bumps its version. */
export async function addToCell(tenantId: string, placement: Placement, deltas: Partial<Record<LiveStatus, number>>): Promise<void> {
  const names: Record<string, string> = { '#group': 'group', '#location': 'location', '#version': 'version' };
  const values: Record<string, unknown> = { ':one': 1, ':group': placement.group, ':location': placement.location, ':tenant': tenantId };
  const adds = ['#version :one'];
  for (const [status, by] of Object.entries(deltas)) {
    if (!by) continue;
    names[`#${status}`] = status;
    values[`:${status}`] = by;
    adds.push(`#${status} :${status}`);
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.monitoringCell(tenantId, placementKey(placement)),
      UpdateExpression: `SET #group = :group, #location = :location, tenant_id = :tenant ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Every aggregate item of a tenant. `consistent` for the reconciler, whose plan depends on the versions. */
export async function cellsOf(tenantId: string, consistent = false): Promise<StoredCell[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :cell)',
    ExpressionAttributeValues: { ':pk': keys.monitoringCells(tenantId).PK, ':cell': 'CELL#' },
    ConsistentRead: consistent,
  });
  return items.map((item) => ({ group: item.group, location: item.location, counts: countsOf(item), version: Number(item.version ?? 0) }));
}

/**
 * Overwrites an item with a recount, if no delta touched it since it was read (its version), or —
 * for an item that did not exist — if it still does not. Never deletes: versions only grow.
 */
export async function overwriteCell(tenantId: string, write: CellWrite): Promise<boolean> {
  const item = {
    ...keys.monitoringCell(tenantId, placementKey(write)),
    type: 'monitoring_cell',
    tenant_id: tenantId,
    group: write.group,
    location: write.location,
    ...write.counts,
    version: (write.expectedVersion ?? 0) + 1,
  };
  try {
    await documentClient.send(
      write.expectedVersion === null
        ? new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' })
        : new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: '#version = :seen',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':seen': write.expectedVersion },
          }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Marks the tenant's monitoring dirty after a transition. Returns the new generation when this
 * mark must send the coalescer its message (the tenant was clean, or its mark is stale: a writer
 * died between marking and sending); undefined when a message is already on its way.
 */
export async function markDirty(tenantId: string, nowMs: number): Promise<number | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.monitoringUpdates(tenantId),
        UpdateExpression: 'SET dirty_since_ms = :now, tenant_id = :tenant ADD generation :one',
        ConditionExpression: 'attribute_not_exists(dirty_since_ms) OR dirty_since_ms < :stale',
        ExpressionAttributeValues: { ':now': nowMs, ':one': 1, ':stale': nowMs - DIRTY_MARK_STALE_MS, ':tenant': tenantId },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.generation);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export async function readUpdateSlot(tenantId: string): Promise<UpdateSlot & { dirtySinceMs: number | null; generation: number }> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.monitoringUpdates(tenantId), ConsistentRead: true }));
  return {
    lastPublishedMs: Item?.last_published_ms ?? null,
    publishedGeneration: Number(Item?.published_generation ?? 0),
    dirtySinceMs: Item?.dirty_since_ms ?? null,
    generation: Number(Item?.generation ?? 0),
  };
}

/**
 * Claims the next update slot: only if the last publish is still the one the caller saw. Clears
 * the dirty mark and notes the generation this publish will cover, before the counts are read;
 * confirmUpdate() makes it count as covered once the update went out.
 */
export async function claimUpdateSlot(tenantId: string, seenLastPublishedMs: number | null, nowMs: number): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.monitoringUpdates(tenantId),
        UpdateExpression:
          'SET last_published_ms = :now, claimed_generation = if_not_exists(generation, :zero), tenant_id = :tenant ADD published_count :one REMOVE dirty_since_ms',
        ConditionExpression: seenLastPublishedMs === null ? 'attribute_not_exists(last_published_ms)' : 'last_published_ms = :seen',
        ExpressionAttributeValues: {
          ':now': nowMs,
          ':zero': 0,
          ':one': 1,
          ':tenant': tenantId,
          ...(seenLastPublishedMs === null ? {} : { ':seen': seenLastPublishedMs }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The update of the slot claimed at `claimedAtMs` went out: its generation is covered (a worker that died before this publishes again). */
export async function confirmUpdate(tenantId: string, claimedAtMs: number): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.monitoringUpdates(tenantId),
        UpdateExpression: 'SET published_generation = claimed_generation',
        ConditionExpression: 'last_published_ms = :claimed',
        ExpressionAttributeValues: { ':claimed': claimedAtMs },
      }),
    )
    .catch((error: unknown) => {
      // A later claim took the slot meanwhile: it covers at least as much.
      if (!isConditionFailure(error)) throw error;
    });
}
