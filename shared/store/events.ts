// Events (integration and platform) and their dedup keys. An event sits in its own partition with
// its deliveries (one Query reads both, see deliveries.ts); GSI1 lists a tenant's events newest
// first. Events and deliveries expire by TTL; readers skip expired ones themselves.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '#shared/integrations/event.ts';
import type { Delivery } from '#shared/webhooks/delivery.ts';
import { putAll } from './batch-write.ts';
import { documentClient, tableName } from './client.ts';
import { liveIndexPage, queryAll } from './page.ts';
import { toDelivery } from './deliveries.ts';
import { isConditionFailure } from './expressions.ts';
import { epochSeconds, isLive, keys } from './keys.ts';

type Item = Record<string, any>;

/** A dedup key holds for 24 h (DESIGN.md: `dedup_key` is a 24-h, domain-level dedup). */
export const DEDUP_SECONDS = 24 * 60 * 60;

export const toEvent = (item: Item): StoredEvent => ({
  eventId: item.event_id,
  tenantId: item.tenant_id,
  kind: item.kind,
  type: item.event_type,
  source: item.source,
  severity: item.severity ?? null,
  priority: item.priority,
  message: item.message ?? null,
  metadata: item.metadata ?? null,
  data: item.data ?? null,
  dedupKey: item.dedup_key ?? null,
  correlationId: item.correlation_id,
  createdBy: item.created_by ?? null,
  receivedAt: item.received_at,
});

const eventItem = (event: StoredEvent, expiresAt: Date) => ({
  ...keys.event(event.tenantId, event.eventId),
  ...keys.eventsOfTenant(event.tenantId),
  GSI1SK: event.eventId,
  type: 'event',
  event_id: event.eventId,
  tenant_id: event.tenantId,
  kind: event.kind,
  event_type: event.type,
  source: event.source,
  severity: event.severity ?? undefined,
  priority: event.priority,
  message: event.message ?? undefined,
  metadata: event.metadata ?? undefined,
  data: event.data ?? undefined,
  dedup_key: event.dedupKey ?? undefined,
  correlation_id: event.correlationId,
  created_by: event.createdBy ?? undefined,
  received_at: event.receivedAt,
  expires_at: epochSeconds(expiresAt),
});

/** Stores a new event; false when an event with its id is already stored (left as it is). */
export async function insertEvent(event: StoredEvent, expiresAt: Date): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: eventItem(event, expiresAt), ConditionExpression: 'attribute_not_exists(PK)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Many new events at once, in BatchWriteItem requests of 25 (no condition: each has a fresh id, so
 * a retry rewrites the same item).
 */
export async function insertEvents(events: readonly { event: StoredEvent; expiresAt: Date }[]): Promise<void> {
  await putAll(events.map(({ event, expiresAt }) => eventItem(event, expiresAt)));
}

export async function findEvent(tenantId: string, eventId: string, now = new Date()): Promise<StoredEvent | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.event(tenantId, eventId), ConsistentRead: true }));
  return Item && isLive(Item, now) ? toEvent(Item) : undefined;
}

/** The event and every delivery of it (with every attempt), in one Query of its partition. */
export async function eventWithDeliveries(tenantId: string, eventId: string, now = new Date()) {
  let event: StoredEvent | undefined;
  const deliveries: Delivery[] = [];
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.eventPartition(tenantId, eventId).PK },
  });
  for (const item of items) {
    if (!isLive(item, now)) continue;
    if (item.SK === 'EVENT') event = toEvent(item);
    else if (typeof item.SK === 'string' && item.SK.startsWith('DELIVERY#')) deliveries.push(toDelivery(item));
  }
  return event ? { event, deliveries } : undefined;
}

/** The tenant's events, newest first (expired ones skipped, so a page may come back short). */
export async function eventsPage(tenantId: string, limit: number, cursor: string | undefined, now = new Date()) {
  const page = await liveIndexPage(keys.eventsOfTenant(tenantId), limit, cursor, now);
  return { events: page.items.map(toEvent), nextCursor: page.nextCursor };
}

export type DedupClaim = { claimed: true } | { claimed: false; eventId: string; claimedAt: string };

/** Claims a dedup key for an event about to be accepted; or names the event that holds it. */
export async function claimDedupKey(tenantId: string, keyHash: string, eventId: string, now: Date): Promise<DedupClaim> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.eventDedup(tenantId, keyHash),
          type: 'event_dedup',
          event_id: eventId,
          claimed_at: now.toISOString(),
          expires_at: epochSeconds(now) + DEDUP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR expires_at < :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      }),
    );
    return { claimed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.eventDedup(tenantId, keyHash), ConsistentRead: true }));
  if (!Item) return claimDedupKey(tenantId, keyHash, eventId, now);
  return { claimed: false, eventId: Item.event_id, claimedAt: Item.claimed_at };
}

/** Takes over a key whose holder never stored its event (it crashed in between); false if someone else did. */
export async function takeOverDedupKey(tenantId: string, keyHash: string, staleEventId: string, eventId: string, now: Date): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.eventDedup(tenantId, keyHash),
        UpdateExpression: 'SET event_id = :event, claimed_at = :now, expires_at = :expires',
        ConditionExpression: 'event_id = :stale',
        ExpressionAttributeValues: {
          ':event': eventId,
          ':now': now.toISOString(),
          ':expires': epochSeconds(now) + DEDUP_SECONDS,
          ':stale': staleEventId,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
