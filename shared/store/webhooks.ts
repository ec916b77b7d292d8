// Webhook endpoints, in their tenant's partition (SK WEBHOOK#<id>). Secrets are kept here, encrypted
// at rest with the table, because every delivery is signed with them; no read route returns them.
// The failure counter and the enable/disable switch move by conditional updates, so one
// endpoint is disabled (and says so) once, however many deliveries fail at the same time.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Webhook } from '#shared/webhooks/webhook.ts';
import { documentClient, tableName } from './client.ts';
import { deleteExisting, updateWhen } from './conditional-writes.ts';
import { type ConditionalUpdate, setFieldsIfExists } from './expressions.ts';
import { keys } from './keys.ts';
import { prefixPage } from './page.ts';
import { secretRotation } from './secret-rotation.ts';

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
  const fields = {
    url: changes.url,
    description: changes.description,
    event_types: changes.eventTypes,
    min_priority: changes.minPriority,
    updated_at: now,
  };
  return update(tenantId, webhookId, setFieldsIfExists(fields));
}

/** Enabled → disabled with a reason; undefined when it was not enabled (someone else disabled it first). */
export async function disableWebhook(tenantId: string, webhookId: string, reason: string, now: string): Promise<Webhook | undefined> {
  return update(tenantId, webhookId, {
    expression: 'SET enabled = :no, disabled_reason = :reason, disabled_at = :now, updated_at = :now',
    condition: 'attribute_exists(PK) AND enabled = :yes',
    values: { ':no': false, ':yes': true, ':reason': reason, ':now': now },
  });
}

/** Disabled → enabled, failures forgotten; undefined when it was not disabled. */
export async function enableWebhook(tenantId: string, webhookId: string, now: string): Promise<Webhook | undefined> {
  return update(tenantId, webhookId, {
    expression: 'SET enabled = :yes, consecutive_failures = :zero, updated_at = :now REMOVE disabled_reason, disabled_at',
    condition: 'attribute_exists(PK) AND enabled = :no',
    values: { ':no': false, ':yes': true, ':zero': 0, ':now': now },
  });
}

/** One more event failed in a row; the endpoint as it is now (undefined if deleted). */
export async function countFailure(tenantId: string, webhookId: string): Promise<Webhook | undefined> {
  return update(tenantId, webhookId, { expression: 'ADD consecutive_failures :one', condition: 'attribute_exists(PK)', values: { ':one': 1 } });
}

/** A success ends a run of failures (one write only when there was a run). */
export async function clearFailures(tenantId: string, webhookId: string): Promise<void> {
  await update(tenantId, webhookId, {
    expression: 'SET consecutive_failures = :zero',
    condition: 'attribute_exists(PK) AND consecutive_failures > :zero',
    values: { ':zero': 0 },
  });
}

/** A new secret; the current one stays valid until `previousExpiresAt` (or goes at once when null). */
export async function replaceSecret(webhook: Webhook, secret: string, previousExpiresAt: string | null, now: string): Promise<Webhook | undefined> {
  return update(webhook.tenantId, webhook.webhookId, secretRotation(webhook.secret, secret, previousExpiresAt, now));
}

export const deleteWebhookItem = (tenantId: string, webhookId: string): Promise<boolean> => deleteExisting(keys.webhook(tenantId, webhookId));

const update = (tenantId: string, webhookId: string, change: ConditionalUpdate) => updateWhen(keys.webhook(tenantId, webhookId), change, toWebhook);
