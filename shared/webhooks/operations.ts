// What maintainers do with webhook endpoints: register (the secret is shown once), read, change,
// disable and re-enable (which replays what the endpoint missed), delete, rotate the secret (the
// old one stays valid for an overlap), send a test event, read the delivery history.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { PLATFORM_SOURCE, type StoredEvent } from '#shared/integrations/event.ts';
import { fanOut, recordEvent } from '#shared/integrations/fan-out.ts';
import type { Priority } from '#shared/integrations/priority.ts';
import { deliveriesOfWebhookPage } from '#shared/store/deliveries.ts';
import {
  deleteWebhookItem,
  disableWebhook,
  enableWebhook,
  findWebhook,
  insertWebhook,
  replaceSecret,
  updateWebhookFields,
  webhooksPage,
} from '#shared/store/webhooks.ts';
import { checkWebhookUrl, type AddressPolicy } from './address.ts';
import { newSecret } from './signing.ts';
import type { Webhook } from './webhook.ts';

export interface WebhookInput {
  url: string;
  description?: string;
  event_types?: string[];
  min_priority?: Priority;
  enabled?: boolean;
}

export interface WebhookChanges {
  url?: string;
  description?: string | null;
  event_types?: string[];
  min_priority?: Priority;
  enabled?: boolean;
}

export interface WithSecret {
  webhook: Webhook;
  secret: string;
}

// Loaded on first use, by the only operation that sends (a re-enable's replay request).
const deliveryQueue = () => import('#shared/queue/delivery.ts');

function checkedUrl(url: string, policy: AddressPolicy): string {
  const check = checkWebhookUrl(url, policy);
  if (!check.ok) throw validationFailed(`The webhook URL ${check.reason}`, [{ location: 'body', path: 'url', message: check.reason }]);
  return check.url.href;
}

const unique = (values: readonly string[]) => [...new Set(values)];

export async function registerWebhook(actor: Principal, input: WebhookInput, policy: AddressPolicy, now = new Date()): Promise<WithSecret> {
  const at = now.toISOString();
  const enabled = input.enabled ?? true;
  const webhook: Webhook = {
    webhookId: newId('whk', now.getTime()),
    tenantId: actor.tenantId,
    url: checkedUrl(input.url, policy),
    description: input.description ?? null,
    eventTypes: unique(input.event_types ?? []),
    minPriority: input.min_priority ?? 'low',
    enabled,
    disabledReason: enabled ? null : `registered disabled by ${actor.principalId}`,
    disabledAt: enabled ? null : at,
    consecutiveFailures: 0,
    secret: newSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.principalId,
  };
  await insertWebhook(webhook);
  return { webhook, secret: webhook.secret };
}

export async function getWebhook(actor: Principal, webhookId: string): Promise<Webhook> {
  const webhook = await findWebhook(actor.tenantId, webhookId);
  if (!webhook) throw notFound('The webhook');
  return webhook;
}

export const listWebhooks = (actor: Principal, limit: number, cursor: string | undefined) => webhooksPage(actor.tenantId, limit, cursor);

/**
 * Changes what is sent; `enabled: false` pauses deliveries, `enabled: true` on a disabled endpoint
 * re-enables it (failures forgotten) and replays every delivery it missed meanwhile, in order.
 */
export async function updateWebhook(
  actor: Principal,
  webhookId: string,
  changes: WebhookChanges,
  policy: AddressPolicy,
  correlationId: string,
  now = new Date(),
): Promise<Webhook> {
  let webhook = await getWebhook(actor, webhookId);
  const at = now.toISOString();
  const fields = {
    url: changes.url === undefined ? undefined : checkedUrl(changes.url, policy),
    description: changes.description,
    eventTypes: changes.event_types === undefined ? undefined : unique(changes.event_types),
    minPriority: changes.min_priority,
  };
  if (Object.values(fields).some((value) => value !== undefined)) {
    webhook = (await updateWebhookFields(actor.tenantId, webhookId, fields, at)) ?? notFoundNow();
  }
  if (changes.enabled === false && webhook.enabled) {
    webhook = (await disableWebhook(actor.tenantId, webhookId, `disabled by ${actor.principalId}`, at)) ?? (await getWebhook(actor, webhookId));
  } else if (changes.enabled === true && !webhook.enabled) {
    const enabled = await enableWebhook(actor.tenantId, webhookId, at);
    if (enabled) {
      webhook = enabled;
      await (await deliveryQueue()).sendDeliveryMessages([{ kind: 'replay', tenant_id: actor.tenantId, webhook_id: webhookId }], correlationId);
    } else webhook = await getWebhook(actor, webhookId);
  }
  return webhook;
}

const notFoundNow = (): never => {
  throw notFound('The webhook');
};

export async function deleteWebhook(actor: Principal, webhookId: string): Promise<void> {
  if (!(await deleteWebhookItem(actor.tenantId, webhookId))) throw notFound('The webhook');
}

/** A new secret (shown once); the old one is still signed with for `overlapSeconds` (0: retired at once). */
export async function rotateWebhookSecret(actor: Principal, webhookId: string, overlapSeconds: number, now = new Date()): Promise<WithSecret> {
  const webhook = await getWebhook(actor, webhookId);
  const secret = newSecret();
  const expires = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000).toISOString() : null;
  const rotated = await replaceSecret(webhook, secret, expires, now.toISOString());
  if (!rotated) throw new AppError('conflict', 'The secret changed while rotating it (another rotation); try again');
  return { webhook: rotated, secret };
}

/** A `webhook.test` event, delivered to this endpoint only (signed and retried like any other). */
export async function sendTestEvent(actor: Principal, webhookId: string, correlationId: string, now = new Date()): Promise<StoredEvent> {
  const webhook = await getWebhook(actor, webhookId);
  if (!webhook.enabled) throw new AppError('conflict', 'The webhook is disabled; enable it first (PATCH {"enabled": true})');
  const event: StoredEvent = {
    eventId: newId('evt', now.getTime()),
    tenantId: actor.tenantId,
    kind: 'platform',
    type: 'webhook.test',
    source: PLATFORM_SOURCE,
    severity: null,
    priority: 'low',
    message: null,
    metadata: null,
    data: { webhook_id: webhookId, message: 'A test event from Scorecast', sent_by: actor.principalId },
    dedupKey: null,
    correlationId,
    createdBy: actor.principalId,
    receivedAt: now.toISOString(),
  };
  await recordEvent(event);
  await fanOut(event, { only: webhook, now });
  return event;
}

export async function webhookDeliveries(actor: Principal, webhookId: string, limit: number, cursor: string | undefined) {
  await getWebhook(actor, webhookId);
  return deliveriesOfWebhookPage(actor.tenantId, webhookId, limit, cursor);
}
