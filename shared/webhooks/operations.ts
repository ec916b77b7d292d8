// What maintainers do with webhook endpoints: register (the secret is shown once), read, delete,
// rotate the secret (the old one stays valid for an overlap), read the delivery history. Changing
// one (update.ts: re-enabling replays what it missed) and its test event (test-event.ts) send to
// the delivery queue, so they live apart: the routes here carry no SQS client.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import type { Priority } from '#shared/integrations/priority.ts';
import { deliveriesOfWebhookPage } from '#shared/store/deliveries.ts';
import { deleteWebhookItem, findWebhook, insertWebhook, replaceSecret, webhooksPage } from '#shared/store/webhooks.ts';
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

export interface WithSecret {
  webhook: Webhook;
  secret: string;
}

export function checkedUrl(url: string, policy: AddressPolicy): string {
  const check = checkWebhookUrl(url, policy);
  if (!check.ok) throw validationFailed(`The webhook URL ${check.reason}`, [{ location: 'body', path: 'url', message: check.reason }]);
  return check.url.href;
}

export const unique = (values: readonly string[]) => [...new Set(values)];

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

export async function webhookDeliveries(actor: Principal, webhookId: string, limit: number, cursor: string | undefined) {
  await getWebhook(actor, webhookId);
  return deliveriesOfWebhookPage(actor.tenantId, webhookId, limit, cursor);
}
