// Deliveries: one item per (event, endpoint) in the event's partition, holding every attempt. GSI1
// lists an endpoint's deliveries newest first. GSI2 is sparse and holds a delivery in at most one
// place: the sweeper's `DELIVERY_PENDING#<shard>` from creation until its first attempt (so a lost
// message is sent again), or its endpoint's `PAUSED` list while the endpoint is disabled (what a
// re-enable replays). Every transition is a conditional update; none overwrites a success.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '#shared/webhooks/delivery.ts';
import { putAll } from './batch-write.ts';
import { documentClient, tableName } from './client.ts';
import { liveIndexPage } from './page.ts';
import { isConditionFailure } from './expressions.ts';
import { DELIVERY_PENDING_SHARDS, epochSeconds, isLive, keys, shardOf } from './keys.ts';

type Item = Record<string, any>;

/** Attempts kept in full on the item (the count goes on): far below DynamoDB's 400 KB per item. */
export const ATTEMPTS_KEPT = 100;

export interface DeliveryRef {
  tenantId: string;
  eventId: string;
  webhookId: string;
}

const keyOf = (ref: DeliveryRef) => keys.delivery(ref.tenantId, ref.eventId, ref.webhookId);
const pendingShardOf = (ref: DeliveryRef) => shardOf(`${ref.eventId}${ref.webhookId}`, DELIVERY_PENDING_SHARDS);

export const toDelivery = (item: Item): Delivery => ({
  tenantId: item.tenant_id,
  eventId: item.event_id,
  webhookId: item.webhook_id,
  eventType: item.event_type,
  status: item.status,
  attempts: (item.attempts ?? []).map(
    (a: Item): DeliveryAttempt => ({
      number: a.number,
      receive: a.receive,
      attemptedAt: a.attempted_at,
      statusCode: a.status_code ?? null,
      latencyMs: a.latency_ms,
      outcome: a.outcome,
      error: a.error ?? null,
    }),
  ),
  attemptCount: item.attempt_count ?? 0,
  failureCounted: item.failure_counted === true,
  lastError: item.last_error ?? null,
  nextAttemptAt: item.next_attempt_at ?? null,
  deliveredAt: item.delivered_at ?? null,
  createdAt: item.created_at,
  updatedAt: item.updated_at,
});

/** New deliveries of one event: `pending` ones wait in the sweeper's index, `paused` ones in their endpoint's. */
export async function insertDeliveries(deliveries: readonly Delivery[], expiresAt: Date): Promise<void> {
  await putAll(
    deliveries.map((d) => ({
      ...keyOf(d),
      ...keys.deliveriesOfWebhook(d.tenantId, d.webhookId),
      GSI1SK: d.eventId,
      ...(d.status === 'paused'
        ? { ...keys.pausedDeliveries(d.tenantId, d.webhookId), GSI2SK: d.eventId }
        : { ...keys.pendingDeliveries(pendingShardOf(d)), GSI2SK: d.createdAt }),
      type: 'delivery',
      tenant_id: d.tenantId,
      event_id: d.eventId,
      webhook_id: d.webhookId,
      event_type: d.eventType,
      status: d.status,
      attempts: [],
      attempt_count: 0,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      expires_at: epochSeconds(expiresAt),
    })),
  );
}

export async function findDelivery(ref: DeliveryRef, now = new Date()): Promise<Delivery | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keyOf(ref), ConsistentRead: true }));
  return Item && isLive(Item, now) ? toDelivery(Item) : undefined;
}

/** An endpoint's deliveries, newest event first. */
export async function deliveriesOfWebhookPage(tenantId: string, webhookId: string, limit: number, cursor: string | undefined, now = new Date()) {
  const page = await liveIndexPage(keys.deliveriesOfWebhook(tenantId, webhookId), limit, cursor, now);
  return { deliveries: page.items.map(toDelivery), nextCursor: page.nextCursor };
}

const NOT_SUCCEEDED = 'attribute_exists(PK) AND #status <> :succeeded';

/**
 * Appends one attempt (the item leaves the sweeper's index: its message arrived) and, when the
 * attempt ends the delivery or this receive, sets the status. Never touches a succeeded delivery.
 */
export async function recordAttempt(
  ref: DeliveryRef,
  attempt: DeliveryAttempt,
  next: { status: DeliveryStatus; lastError?: string | null; nextAttemptAt?: string | null; deliveredAt?: string | null },
): Promise<boolean> {
  const sets = ['#status = :status', 'attempt_count = :count', 'updated_at = :at'];
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':count': attempt.number,
    ':at': attempt.attemptedAt,
    ':succeeded': 'succeeded',
  };
  if (attempt.number <= ATTEMPTS_KEPT) {
    sets.push('attempts = list_append(if_not_exists(attempts, :none), :attempt)');
    values[':none'] = [];
    values[':attempt'] = [
      {
        number: attempt.number,
        receive: attempt.receive,
        attempted_at: attempt.attemptedAt,
        status_code: attempt.statusCode,
        latency_ms: attempt.latencyMs,
        outcome: attempt.outcome,
        error: attempt.error,
      },
    ];
  }
  for (const [field, value] of [
    ['last_error', next.lastError],
    ['next_attempt_at', next.nextAttemptAt],
    ['delivered_at', next.deliveredAt],
  ] as const) {
    if (value === undefined) continue;
    sets.push(`${field} = :${field}`);
    values[`:${field}`] = value;
  }
  return conditionalUpdate(ref, `SET ${sets.join(', ')} REMOVE GSI2PK, GSI2SK`, NOT_SUCCEEDED, values);
}

/** Moves a delivery to a status without an attempt (skipped, dead_lettered), unless it succeeded. */
export async function settleDelivery(ref: DeliveryRef, status: DeliveryStatus, lastError: string | null, now: Date): Promise<boolean> {
  return conditionalUpdate(
    ref,
    'SET #status = :status, last_error = :error, updated_at = :at, next_attempt_at = :none REMOVE GSI2PK, GSI2SK',
    NOT_SUCCEEDED,
    { ':status': status, ':error': lastError, ':at': now.toISOString(), ':none': null, ':succeeded': 'succeeded' },
  );
}

/** The endpoint is disabled: the delivery waits in its paused list for a re-enable. */
export async function pauseDelivery(ref: DeliveryRef, now: Date): Promise<boolean> {
  const paused = keys.pausedDeliveries(ref.tenantId, ref.webhookId);
  return conditionalUpdate(
    ref,
    'SET #status = :status, updated_at = :at, next_attempt_at = :none, GSI2PK = :paused, GSI2SK = :event',
    `${NOT_SUCCEEDED} AND #status <> :failed`,
    {
      ':status': 'paused',
      ':at': now.toISOString(),
      ':none': null,
      ':paused': paused.GSI2PK,
      ':event': ref.eventId,
      ':succeeded': 'succeeded',
      ':failed': 'failed',
    },
  );
}

/** `from` → pending, back in the sweeper's index until its message arrives (re-enable, redrive). */
export async function requeueDelivery(ref: DeliveryRef, from: readonly DeliveryStatus[], now: Date): Promise<boolean> {
  const values: Record<string, unknown> = {
    ':status': 'pending',
    ':at': now.toISOString(),
    ':pending': keys.pendingDeliveries(pendingShardOf(ref)).GSI2PK,
  };
  for (const [i, status] of from.entries()) values[`:from${i}`] = status;
  return conditionalUpdate(
    ref,
    'SET #status = :status, updated_at = :at, GSI2PK = :pending, GSI2SK = :at',
    `attribute_exists(PK) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
    values,
  );
}

/** Marks that this delivery has counted toward its endpoint's failures in a row; false if it already had. */
export async function markFailureCounted(ref: DeliveryRef): Promise<boolean> {
  return conditionalUpdate(ref, 'SET failure_counted = :yes', 'attribute_exists(PK) AND attribute_not_exists(failure_counted)', { ':yes': true });
}

/** An endpoint's paused deliveries, oldest event first. */
export async function pausedDeliveries(tenantId: string, webhookId: string, limit: number): Promise<DeliveryRef[]> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.pausedDeliveries(tenantId, webhookId).GSI2PK },
      Limit: limit,
    }),
  );
  return Items.map((item) => ({ tenantId: item.tenant_id, eventId: item.event_id, webhookId: item.webhook_id }));
}

/** Deliveries created before `olderThan` whose message never arrived (the sweeper's read), across tenants. */
export async function pendingDeliveriesSince(olderThan: string, limitPerShard: number): Promise<DeliveryRef[]> {
  const found: DeliveryRef[] = [];
  for (let shard = 0; shard < DELIVERY_PENDING_SHARDS; shard++) {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': keys.pendingDeliveries(shard).GSI2PK, ':before': olderThan },
        Limit: limitPerShard,
      }),
    );
    for (const item of Items) found.push({ tenantId: item.tenant_id, eventId: item.event_id, webhookId: item.webhook_id });
  }
  return found;
}

/** Restarts a pending delivery's stuck clock (after the sweeper sent its message again). */
export async function touchPendingDelivery(ref: DeliveryRef, now: Date): Promise<void> {
  await conditionalUpdate(ref, 'SET GSI2SK = :now', 'attribute_exists(PK) AND #status = :pending', {
    ':now': now.toISOString(),
    ':pending': 'pending',
  });
}

async function conditionalUpdate(ref: DeliveryRef, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
  const usesStatus = `${update} ${condition}`.includes('#status');
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(ref),
        UpdateExpression: update,
        ConditionExpression: condition,
        ...(usesStatus ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
