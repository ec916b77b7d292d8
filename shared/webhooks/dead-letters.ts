// What a dead-lettered delivery message means (shared/dead-letters/handlers.ts): the delivery
// failed for good and says so (`dead_lettered`, with the recorder's reason); before a redrive sends
// its message back, it is pending again so the worker attempts it.
import type { DeadLetterHandler } from '#shared/dead-letters/handlers.ts';
import { deadLetterReason, parseBody, type DeadLetter } from '#shared/dead-letters/dead-letter.ts';
import { requeueDelivery, settleDelivery, type DeliveryRef } from '#shared/store/deliveries.ts';

/** The delivery a dead-lettered `deliver` message was for (replay messages have none). */
function deliveryOf(letter: DeadLetter & { tenantId: string }): DeliveryRef | undefined {
  const body = parseBody(letter.body) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || (body.kind !== undefined && body.kind !== 'deliver')) return undefined;
  if (typeof body.event_id !== 'string' || typeof body.webhook_id !== 'string') return undefined;
  return { tenantId: letter.tenantId, eventId: body.event_id, webhookId: body.webhook_id };
}

export const deliveryDeadLetters: DeadLetterHandler = {
  async onDeadLetter(letter, _correlationId, now) {
    const ref = deliveryOf(letter);
    if (ref) await settleDelivery(ref, 'dead_lettered', deadLetterReason(letter), now);
  },
  async beforeRedrive(letter, now) {
    const ref = deliveryOf(letter);
    if (ref) await requeueDelivery(ref, ['dead_lettered', 'retrying'], now);
  },
};
