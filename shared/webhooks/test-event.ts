// A `webhook.test` event for one endpoint: persisted and delivered through the delivery queue
// like any other event.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { platformEvent, type StoredEvent } from '#shared/integrations/event.ts';
import { dispatchEvent, recordEvent } from '#shared/integrations/dispatch.ts';
import { getWebhook } from './operations.ts';

/** A `webhook.test` event, delivered to this endpoint only (signed and retried like any other). */
export async function sendTestEvent(actor: Principal, webhookId: string, correlationId: string, now = new Date()): Promise<StoredEvent> {
  const webhook = await getWebhook(actor, webhookId);
  if (!webhook.enabled) throw new AppError('conflict', 'The webhook is disabled; enable it first (PATCH {"enabled": true})');
  const event = platformEvent({
    eventId: newId('evt', now.getTime()),
    tenantId: actor.tenantId,
    type: 'webhook.test',
    priority: 'low',
    data: { webhook_id: webhookId, message: 'A test event from Scorecast', sent_by: actor.principalId },
    correlationId,
    createdBy: actor.principalId,
    receivedAt: now.toISOString(),
  });
  await recordEvent(event);
  await dispatchEvent(event, { only: webhook, now });
  return event;
}
