// What a dead-lettered delivery message means (shared/dead-letters/handlers.ts): the delivery
// failed for good and says so (`dead_lettered`, with the recorder's reason); before a redrive sends
// its message back, it is pending again so the worker attempts it.
import type { DeadLetterHandler } from '#shared/dead-letters/handlers.ts';
import { deadLetterReason, parseBody, type DeadLetter } from '#shared/dead-letters/dead-letter.ts';
import { deliveryQueue } from '#shared/queue/delivery.ts';
import { requeueDelivery, settleDelivery, type DeliveryRef } from '#shared/store/deliveries.ts';

/** The delivery a dead-lettered `deliver` message was for (replay messages have none). */
function deliveryOf(letter: DeadLetter & { tenantId: string }): DeliveryRef | undefined {
  const parsed = deliveryQueue.parse(parseBody(letter.body));
  if (!parsed.ok || parsed.value.kind !== 'deliver') return undefined;
  return { tenantId: letter.tenantId, eventId: parsed.value.event_id, webhookId: parsed.value.webhook_id };
}

export const deliveryDeadLetterHandler: DeadLetterHandler = {
  async onDeadLetter(letter, _correlationId, now) {
    const ref = deliveryOf(letter);
    if (ref) await settleDelivery(ref, 'dead_lettered', deadLetterReason(letter), now);
  },
  async beforeRedrive(letter, now) {
    const ref = deliveryOf(letter);
    if (ref) await requeueDelivery(ref, ['dead_lettered', 'retrying'], now);
  },
};
