// Agents' live status items: one per agent, written only by single-item conditional writes.
//
// - A heartbeat (same status, group and location) touches only this item, on the condition that
//   the stored report is older and the state is still the one reported.
// - A transition is written on the condition that the item is still exactly the version the
//   writer read (its reported_at and transition count), and records itself as `pending_<tx>`
//   (from, to, until) in the same write; the writer removes it once the aggregate delta landed.
// - The offline sweeper's transition adds the condition that the agent is still silent.
// - Revoking the agent retires its item, as a transition to nowhere (`retired_ms`, the pending −1
//   where it was counted): a tombstone no heartbeat, transition or first report can change, which
//   the table expires after RETIRED_TTL_SECONDS — long after any report admitted before the revoke.
//   An agent that never reported gets a bare tombstone (no state, counted nowhere), so a first
//   report its cached key still sends fails the create's own condition: no extra read per report.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AGENT_STATUSES,
  type LiveState,
  type LiveStatus,
  type PendingDelta,
  type StatusReport,
  type StoredStatus,
} from '#shared/monitoring/status.ts';
import { getAll } from './batch-get.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { epochSeconds, keys } from './keys.ts';
import { queryAll } from './page.ts';

type Item = Record<string, any>;

const PENDING_PREFIX = 'pending_';
/** How long a revoked agent's tombstone is kept. */
export const RETIRED_TTL_SECONDS = 24 * 60 * 60;
/** Every write but a retirement's requires the item not to be a tombstone. */
const NOT_RETIRED = 'attribute_not_exists(retired_ms)';
const pendingAttribute = (tx: string) => `${PENDING_PREFIX}${tx}`;

const stateOf = (value: Item | null | undefined): LiveState | null =>
  value && typeof value === 'object' && AGENT_STATUSES.includes(value.status)
    ? { status: value.status as LiveStatus, group: String(value.group), location: String(value.location) }
    : null;

function toStatus(item: Item): StoredStatus {
  const pending: PendingDelta[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(PENDING_PREFIX) || !value || typeof value !== 'object') continue;
    const to = stateOf(value.to);
    // `to: null` is a retirement's delta: the agent leaves the aggregates.
    if (to || value.to === null)
      pending.push({ tx: name.slice(PENDING_PREFIX.length), from: stateOf(value.from), to, untilMs: Number(value.until_ms) || 0 });
  }
  return {
    tenantId: item.tenant_id,
    agentId: item.agent_id,
    status: item.status,
    group: item.group,
    location: item.location,
    activity: item.activity ?? null,
    reportedAtMs: Number(item.reported_ms),
    lastSeenMs: Number(item.last_seen_ms),
    changedAtMs: Number(item.changed_ms),
    transitions: Number(item.transitions ?? 0),
    pending,
    retiredAtMs: item.retired_ms === undefined ? null : Number(item.retired_ms),
  };
}

const plainState = (state: LiveState) => ({ status: state.status, group: state.group, location: state.location });
const pendingValue = (delta: PendingDelta) => ({
  from: delta.from ? plainState(delta.from) : null,
  to: delta.to ? plainState(delta.to) : null,
  until_ms: delta.untilMs,
});

export async function findStatus(tenantId: string, agentId: string): Promise<StoredStatus | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.agentStatus(tenantId, agentId), ConsistentRead: true }),
  );
  return Item ? toStatus(Item) : undefined;
}

/** A heartbeat: newer report, same state. Undefined when the stored report is newer or the state differs (or there is none). */
export async function touchStatus(tenantId: string, agentId: string, report: StatusReport, nowMs: number): Promise<StoredStatus | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agentStatus(tenantId, agentId),
        UpdateExpression: 'SET activity = :activity, reported_ms = :reported, last_seen_ms = :now',
        ConditionExpression: `attribute_exists(PK) AND ${NOT_RETIRED} AND reported_ms < :reported AND #status = :status AND #group = :group AND #location = :location`,
        ExpressionAttributeNames: { '#status': 'status', '#group': 'group', '#location': 'location' },
        ExpressionAttributeValues: {
          ':activity': report.activity,
          ':reported': report.reportedAtMs,
          ':now': nowMs,
          ':status': report.status,
          ':group': report.group,
          ':location': report.location,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toStatus(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** An agent's first status, as a transition from nothing. False when someone created it first. */
export function createStatus(tenantId: string, agentId: string, report: StatusReport, nowMs: number, delta: PendingDelta): Promise<boolean> {
  return putFirstStatusItem(tenantId, agentId, {
    ...plainState(report),
    activity: report.activity,
    reported_ms: report.reportedAtMs,
    last_seen_ms: nowMs,
    changed_ms: nowMs,
    transitions: 1,
    [pendingAttribute(delta.tx)]: pendingValue(delta),
  });
}

/** Writes an agent's status item only if it has none yet (its first report, or a tombstone); false when one exists. */
async function putFirstStatusItem(tenantId: string, agentId: string, fields: Record<string, unknown>): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.agentStatus(tenantId, agentId), type: 'agent_status', tenant_id: tenantId, agent_id: agentId, ...fields },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export interface NextStatus {
  state: LiveState;
  activity: string | null;
  reportedAtMs: number;
  /** When the agent was last heard from (unchanged by the offline sweeper). */
  lastSeenMs: number;
}

/**
 * Moves the status from exactly the version `seen` to `next`, recording `delta` as pending.
 * `silentBeforeMs`: also require that the agent is still silent (the offline sweeper). False when
 * the item changed since it was read.
 */
export async function moveStatus(
  seen: StoredStatus,
  next: NextStatus,
  nowMs: number,
  delta: PendingDelta,
  silentBeforeMs?: number,
): Promise<boolean> {
  const silent = silentBeforeMs === undefined ? '' : ' AND last_seen_ms < :cutoff';
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agentStatus(seen.tenantId, seen.agentId),
        UpdateExpression:
          'SET #status = :status, #group = :group, #location = :location, activity = :activity, reported_ms = :reported, ' +
          'last_seen_ms = :seen_at, changed_ms = :now, #pending = :pending ADD transitions :one',
        ConditionExpression: `attribute_exists(PK) AND ${NOT_RETIRED} AND reported_ms = :seen_reported AND transitions = :seen_transitions${silent}`,
        ExpressionAttributeNames: { '#status': 'status', '#group': 'group', '#location': 'location', '#pending': pendingAttribute(delta.tx) },
        ExpressionAttributeValues: {
          ':status': next.state.status,
          ':group': next.state.group,
          ':location': next.state.location,
          ':activity': next.activity,
          ':reported': next.reportedAtMs,
          ':seen_at': next.lastSeenMs,
          ':now': nowMs,
          ':pending': pendingValue(delta),
          ':one': 1,
          ':seen_reported': seen.reportedAtMs,
          ':seen_transitions': seen.transitions,
          ...(silentBeforeMs === undefined ? {} : { ':cutoff': silentBeforeMs }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Retires the status of a revoked agent, from exactly the version `seen`, recording `delta` (to
 * nowhere) as pending. False when the item changed since it was read.
 */
export async function retireStatus(seen: StoredStatus, nowMs: number, delta: PendingDelta): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agentStatus(seen.tenantId, seen.agentId),
        UpdateExpression: 'SET retired_ms = :now, changed_ms = :now, expires_at = :expires, #pending = :pending ADD transitions :one',
        ConditionExpression: `attribute_exists(PK) AND ${NOT_RETIRED} AND reported_ms = :seen_reported AND transitions = :seen_transitions`,
        ExpressionAttributeNames: { '#pending': pendingAttribute(delta.tx) },
        ExpressionAttributeValues: {
          ':now': nowMs,
          ':expires': epochSeconds(new Date(nowMs)) + RETIRED_TTL_SECONDS,
          ':pending': pendingValue(delta),
          ':one': 1,
          ':seen_reported': seen.reportedAtMs,
          ':seen_transitions': seen.transitions,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The tombstone of a revoked agent that never reported: no state, counted nowhere, expiring like a
 * retired item. False when a report created the item first (retire that one instead).
 */
export function buryStatus(tenantId: string, agentId: string, nowMs: number): Promise<boolean> {
  return putFirstStatusItem(tenantId, agentId, {
    reported_ms: 0,
    transitions: 0,
    retired_ms: nowMs,
    changed_ms: nowMs,
    expires_at: epochSeconds(new Date(nowMs)) + RETIRED_TTL_SECONDS,
  });
}

/** The transition's delta landed (or was given up on and is the reconciler's): forget it. */
export async function settleDelta(tenantId: string, agentId: string, tx: string): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agentStatus(tenantId, agentId),
        UpdateExpression: 'REMOVE #pending',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#pending': pendingAttribute(tx) },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** Every status item of a tenant, read consistently (the reconciler's recount). */
export async function statusesOf(tenantId: string): Promise<StoredStatus[]> {
  return queryStatuses(tenantId);
}

/** A tenant's agents not offline and last heard from before `cutoffMs` (the offline sweeper's read). */
export async function silentStatuses(tenantId: string, cutoffMs: number): Promise<StoredStatus[]> {
  return queryStatuses(tenantId, { cutoffMs });
}

async function queryStatuses(tenantId: string, silent?: { cutoffMs: number }): Promise<StoredStatus[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ...(silent
      ? {
          FilterExpression: '#status <> :offline AND last_seen_ms < :cutoff',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': keys.agentStatuses(tenantId).PK, ':offline': 'offline', ':cutoff': silent.cutoffMs },
        }
      : { ExpressionAttributeValues: { ':pk': keys.agentStatuses(tenantId).PK } }),
    ConsistentRead: true,
  });
  return items.map(toStatus);
}

/** Remembers that a tenant has live status items (idempotent), for the scheduled functions. */
export async function registerMonitoredTenant(tenantId: string, nowMs: number): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.monitoredTenant(tenantId),
      UpdateExpression: 'SET tenant_id = :tenant, since_ms = if_not_exists(since_ms, :now)',
      ExpressionAttributeValues: { ':tenant': tenantId, ':now': nowMs },
    }),
  );
}

export async function monitoredTenants(): Promise<string[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.monitoredTenants().PK } });
  return items.map((item) => item.tenant_id);
}

/**
 * Which of these agent ids are registered agents of the tenant, and whether each is active: one
 * BatchGetItem per 100 ids (the batch status route checks every report's agent at once).
 */
export async function registeredAgents(tenantId: string, agentIds: readonly string[]): Promise<Map<string, 'active' | 'revoked'>> {
  const items = await getAll(
    [...new Set(agentIds)].map((id) => keys.agent(tenantId, id)),
    { projection: { expression: 'agent_id, #status', names: { '#status': 'status' } } },
  );
  return new Map(items.map((item) => [item.agent_id as string, item.status === 'active' ? 'active' : 'revoked']));
}

/**
 * These agents' status items, read consistently in BatchGetItem requests of 100: the batch route
 * writes each report against the version read here (null: the agent has none yet).
 */
export async function statusesOfAgents(tenantId: string, agentIds: readonly string[]): Promise<Map<string, StoredStatus | null>> {
  const unique = [...new Set(agentIds)];
  const items = await getAll(
    unique.map((id) => keys.agentStatus(tenantId, id)),
    { consistent: true },
  );
  const found = new Map<string, StoredStatus | null>(unique.map((id) => [id, null]));
  for (const item of items) found.set(item.agent_id, toStatus(item));
  return found;
}
