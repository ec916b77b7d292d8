// Channel subscriptions: which connections listen to a tenant's channel. One item per
// (tenant, channel, connection) under the channel's partition, so a channel's audience is one
// Query (no Scan); the connection's own item lists its channels in a string set, so $disconnect
// and a Gone connection remove exactly that connection's subscriptions. Subscription items expire
// with their connection (API Gateway's 2-hour limit); readers skip expired ones themselves.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '#shared/auth/principal.ts';
import { audienceOf, visibilityRole, type Audience } from '#shared/benchmarks/visibility.ts';
import type { Subscriber } from '#shared/realtime/broadcast-message.ts';
import { deleteAll } from './batch-write.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { epochSeconds, keys } from './keys.ts';
import { queryAll } from './page.ts';

const AUDIENCES: readonly unknown[] = ['agent', 'viewer', 'maintainer'] satisfies Audience[];

/** Most channels one connection may watch at once (bounds its item and the cleanup of a gone connection). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

export type SubscribeOutcome = 'subscribed' | 'gone' | 'limit';

/**
 * Adds the channel to the connection's set (only while the connection is registered, and within
 * the limit), then writes the subscription item with the connection's expiry. Subscribing twice
 * is harmless.
 */
export async function addSubscription(connectionId: string, principal: Principal, channel: string, now = new Date()): Promise<SubscribeOutcome> {
  let expiresAt: number;
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.connection(connectionId),
        UpdateExpression: 'ADD #channels :set',
        ConditionExpression:
          'attribute_exists(PK) AND tenant_id = :tenant AND (attribute_not_exists(#channels) OR contains(#channels, :channel) OR size(#channels) < :max)',
        ExpressionAttributeNames: { '#channels': 'channels' },
        ExpressionAttributeValues: {
          ':set': new Set([channel]),
          ':channel': channel,
          ':tenant': principal.tenantId,
          ':max': MAX_SUBSCRIPTIONS_PER_CONNECTION,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expiresAt = Number(Attributes?.expires_at);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.connection(connectionId), ConsistentRead: true }));
    return Item && Item.tenant_id === principal.tenantId && Item.expires_at > epochSeconds(now) ? 'limit' : 'gone';
  }
  if (!(expiresAt > epochSeconds(now))) return 'gone';
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.subscription(principal.tenantId, channel, connectionId),
        type: 'subscription',
        tenant_id: principal.tenantId,
        channel,
        connection_id: connectionId,
        principal_id: principal.principalId,
        locations: principal.locations,
        // Hidden test sets: what the subscriber may see of a score (the broadcast worker renders one view per audience).
        audience: audienceOf(visibilityRole(principal)),
        subscribed_at: now.toISOString(),
        expires_at: expiresAt,
      },
    }),
  );
  return 'subscribed';
}

/** Removes the subscription (if any) and the channel from the connection's set. Idempotent. */
export async function removeSubscription(connectionId: string, tenantId: string, channel: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keys.subscription(tenantId, channel, connectionId) }));
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.connection(connectionId),
        UpdateExpression: 'DELETE #channels :set',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#channels': 'channels' },
        ExpressionAttributeValues: { ':set': new Set([channel]) },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The channel's live subscribers: one Query on the channel's partition (paged), expired items left out. */
export async function subscribersOf(tenantId: string, channel: string, now = new Date()): Promise<Subscriber[]> {
  const nowSeconds = epochSeconds(now);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
    ExpressionAttributeValues: { ':pk': keys.channel(tenantId, channel).PK, ':conn': 'CONN#' },
    ProjectionExpression: '#id, #locations, #expires, #audience',
    ExpressionAttributeNames: { '#id': 'connection_id', '#locations': 'locations', '#expires': 'expires_at', '#audience': 'audience' },
  });
  return items
    .filter((item) => item.expires_at > nowSeconds)
    .map((item) => ({
      connectionId: item.connection_id,
      locations: Array.isArray(item.locations) ? item.locations : null,
      // A subscription written before audiences existed sees the least: an agent's view.
      audience: AUDIENCES.includes(item.audience) ? (item.audience as Audience) : 'agent',
    }));
}

/**
 * Whether anyone may be watching the channel: a strongly consistent Query for one live subscription,
 * so a subscription written before it began is seen. The publisher takes no seq for a channel that
 * is not watched (docs/decisions.md, "Real-time"). An expired item first in line leaves the page
 * empty but not the last: that counts as watched (the broadcast's own Query skips it).
 */
export async function isWatched(tenantId: string, channel: string, now = new Date()): Promise<boolean> {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
      FilterExpression: 'expires_at > :now',
      ExpressionAttributeValues: { ':pk': keys.channel(tenantId, channel).PK, ':conn': 'CONN#', ':now': epochSeconds(now) },
      ProjectionExpression: 'SK',
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items.length > 0 || LastEvaluatedKey !== undefined;
}

/**
 * Forgets a connection that went away ($disconnect, a 410 from @connections, a revoked agent):
 * its registry item and every subscription its set lists. Exactly this connection; idempotent.
 */
export async function forgetConnection(connectionId: string): Promise<void> {
  const { Attributes } = await documentClient.send(
    new DeleteCommand({ TableName: tableName, Key: keys.connection(connectionId), ReturnValues: 'ALL_OLD' }),
  );
  const tenantId = Attributes?.tenant_id as string | undefined;
  const channels = Attributes?.channels as Set<string> | undefined;
  if (!tenantId || !channels || channels.size === 0) return;
  await deleteAll([...channels].map((channel) => keys.subscription(tenantId, channel, connectionId)));
}

/**
 * Forgets a gone connection seen while broadcasting on a channel: its subscription to that channel
 * (even when the connection's own item is already gone, e.g. a subscribe that raced its
 * $disconnect), then the connection with its other subscriptions.
 */
export async function forgetGoneSubscriber(tenantId: string, channel: string, connectionId: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keys.subscription(tenantId, channel, connectionId) }));
  await forgetConnection(connectionId);
}
