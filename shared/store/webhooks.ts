// Webhook endpoints, in their tenant's partition (SK WEBHOOK#<id>). Secrets are kept here, encrypted
// at rest with the table, because every delivery is signed with them; no read route returns them.
// The failure counter and the enable/disable switch move by conditional updates, so one
// endpoint is disabled (and says so) once, however many deliveries fail at the same time.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Webhook } from '#shared/webhooks/webhook.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure, setClause } from './expressions.ts';
import { keys } from './keys.ts';
import { prefixPage } from './page.ts';

type Item = Record<string, any>;

const toWebhook = (item: Item): Webhook => ({
  webhookId: item.webhook_id,
  tenantId: item.tenant_id,
  url: item.url,
  description: item.description ?? null,
  eventTypes: item.event_types ?? [],
  minPriority: item.min_priority,
  enabled: item.enabled,
  disabledReason: item.disabled_reason ?? null,
  disabledAt: item.disabled_at ?? null,
  consecutiveFailures: item.consecutive_failures ?? 0,
  secret: item.secret,
  previousSecret: item.previous_secret ?? null,
  previousSecretExpiresAt: item.previous_secret_expires_at ?? null,
  createdAt: item.created_at,
  updatedAt: item.updated_at,
  createdBy: item.created_by,
});

export async function insertWebhook(webhook: Webhook): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.webhook(webhook.tenantId, webhook.webhookId),
        type: 'webhook',
        webhook_id: webhook.webhookId,
        tenant_id: webhook.tenantId,
        url: webhook.url,
        description: webhook.description ?? undefined,
        event_types: webhook.eventTypes,
        min_priority: webhook.minPriority,
        enabled: webhook.enabled,
        disabled_reason: webhook.disabledReason ?? undefined,
        disabled_at: webhook.disabledAt ?? undefined,
        consecutive_failures: 0,
        secret: webhook.secret,
        created_at: webhook.createdAt,
        updated_at: webhook.updatedAt,
        created_by: webhook.createdBy,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findWebhook(tenantId: string, webhookId: string): Promise<Webhook | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.webhook(tenantId, webhookId), ConsistentRead: true }));
  return Item ? toWebhook(Item) : undefined;
}

/** The tenant's endpoints, oldest first. */
export async function webhooksPage(tenantId: string, limit: number, cursor?: string) {
  const page = await prefixPage(keys.tenantPartition(tenantId), 'WEBHOOK#', limit, cursor);
  return { webhooks: page.items.map(toWebhook), nextCursor: page.nextCursor };
}

/** Every endpoint of the tenant (the event dispatch's read: one Query per 1 MB of endpoints). */
export async function allWebhooks(tenantId: string): Promise<Webhook[]> {
  const all: Webhook[] = [];
  let cursor: string | undefined;
  do {
    const page = await webhooksPage(tenantId, 1000, cursor);
    all.push(...page.webhooks);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export interface WebhookFieldChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  minPriority?: string;
}

/** Changes descriptive fields; undefined when the endpoint does not exist. */
export async function updateWebhookFields(
  tenantId: string,
  webhookId: string,
  changes: WebhookFieldChanges,
  now: string,
): Promise<Webhook | undefined> {
  const clause = setClause({
    url: changes.url,
    description: changes.description,
    event_types: changes.eventTypes,
    min_priority: changes.minPriority,
    updated_at: now,
  });
  return update(tenantId, webhookId, `SET ${clause.sets.join(', ')}`, 'attribute_exists(PK)', clause.names, clause.values);
}

/** Enabled → disabled with a reason; undefined when it was not enabled (someone else disabled it first). */
export async function disableWebhook(tenantId: string, webhookId: string, reason: string, now: string): Promise<Webhook | undefined> {
  return update(
    tenantId,
    webhookId,
    'SET enabled = :no, disabled_reason = :reason, disabled_at = :now, updated_at = :now',
    'attribute_exists(PK) AND enabled = :yes',
    {},
    { ':no': false, ':yes': true, ':reason': reason, ':now': now },
  );
}

/** Disabled → enabled, failures forgotten; undefined when it was not disabled. */
export async function enableWebhook(tenantId: string, webhookId: string, now: string): Promise<Webhook | undefined> {
  return update(
    tenantId,
    webhookId,
    'SET enabled = :yes, consecutive_failures = :zero, updated_at = :now REMOVE disabled_reason, disabled_at',
    'attribute_exists(PK) AND enabled = :no',
    {},
    { ':no': false, ':yes': true, ':zero': 0, ':now': now },
  );
}

/** One more event failed in a row; the endpoint as it is now (undefined if deleted). */
export async function countFailure(tenantId: string, webhookId: string): Promise<Webhook | undefined> {
  return update(tenantId, webhookId, 'ADD consecutive_failures :one', 'attribute_exists(PK)', {}, { ':one': 1 });
}

/** A success ends a run of failures (one write only when there was a run). */
export async function clearFailures(tenantId: string, webhookId: string): Promise<void> {
  await update(tenantId, webhookId, 'SET consecutive_failures = :zero', 'attribute_exists(PK) AND consecutive_failures > :zero', {}, { ':zero': 0 });
}

/** A new secret; the current one stays valid until `previousExpiresAt` (or goes at once when null). */
export async function replaceSecret(webhook: Webhook, secret: string, previousExpiresAt: string | null, now: string): Promise<Webhook | undefined> {
  const expression = previousExpiresAt
    ? 'SET secret = :secret, previous_secret = :previous, previous_secret_expires_at = :expires, updated_at = :now'
    : 'SET secret = :secret, updated_at = :now REMOVE previous_secret, previous_secret_expires_at';
  return update(
    webhook.tenantId,
    webhook.webhookId,
    expression,
    'secret = :seen',
    {},
    {
      ':secret': secret,
      ':seen': webhook.secret,
      ':now': now,
      ...(previousExpiresAt ? { ':previous': webhook.secret, ':expires': previousExpiresAt } : {}),
    },
  );
}

export async function deleteWebhookItem(tenantId: string, webhookId: string): Promise<boolean> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: keys.webhook(tenantId, webhookId), ConditionExpression: 'attribute_exists(PK)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function update(
  tenantId: string,
  webhookId: string,
  expression: string,
  condition: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<Webhook | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.webhook(tenantId, webhookId),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toWebhook(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
