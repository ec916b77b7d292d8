// What maintainers do with webhook endpoints: register (the secret is shown once), read, delete,
// rotate the secret (the old one stays valid for an overlap), read the delivery history. Changing
// one (update.ts: re-enabling replays what it missed) and its test event (test-event.ts) send to
// the delivery queue, so they live apart: the routes here carry no SQS client.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { deliveriesOfWebhookPage } from '#shared/store/deliveries.ts';
import { deleteWebhookItem, findWebhook, insertWebhook, replaceSecret, webhooksPage } from '#shared/store/webhooks.ts';
import type { AddressPolicy } from './address.ts';
import { newSecret } from './signing.ts';
import { checkedUrl, newWebhook, overlapEnd, type Webhook, type WebhookInput } from './webhook.ts';

export interface WithSecret {
  webhook: Webhook;
  secret: string;
}

export async function registerWebhook(actor: Principal, input: WebhookInput, policy: AddressPolicy, now = new Date()): Promise<WithSecret> {
  const webhook = newWebhook(newId('whk', now.getTime()), actor, input, checkedUrl(input.url, policy), newSecret(), now);
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
  const rotated = await replaceSecret(webhook, secret, overlapEnd(overlapSeconds, now), now.toISOString());
  if (!rotated) throw new AppError('conflict', 'The secret changed while rotating it (another rotation); try again');
  return { webhook: rotated, secret };
}

export async function webhookDeliveries(actor: Principal, webhookId: string, limit: number, cursor: string | undefined) {
  await getWebhook(actor, webhookId);
  return deliveriesOfWebhookPage(actor.tenantId, webhookId, limit, cursor);
}
