// Changing a webhook endpoint: what it is sent, and disabling or re-enabling it. Re-enabling
// replays what it missed through the delivery queue.
import type { Principal } from '#shared/auth/principal.ts';
import { notFound } from '#shared/http/errors.ts';
import type { Priority } from '#shared/integrations/priority.ts';
import { sendDeliveryMessages } from '#shared/queue/delivery.ts';
import { disableWebhook, enableWebhook, updateWebhookFields } from '#shared/store/webhooks.ts';
import type { AddressPolicy } from './address.ts';
import { getWebhook } from './operations.ts';
import { checkedUrl, unique, type Webhook } from './webhook.ts';

export interface WebhookChanges {
  url?: string;
  description?: string | null;
  event_types?: string[];
  min_priority?: Priority;
  enabled?: boolean;
}

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
      await sendDeliveryMessages([{ kind: 'replay', tenant_id: actor.tenantId, webhook_id: webhookId }], correlationId);
    } else webhook = await getWebhook(actor, webhookId);
  }
  return webhook;
}

const notFoundNow = (): never => {
  throw notFound('The webhook');
};
