// A re-enabled endpoint's missed deliveries go back on the delivery queue (the delivery worker's
// `replay` messages), a page at a time within a time budget.
import type { DeliverMessage, ReplayMessage } from '#shared/queue/delivery.ts';
import { pausedDeliveries, requeueDelivery } from '#shared/store/deliveries.ts';
import { findWebhook } from '#shared/store/webhooks.ts';

/** Stop starting new pages after this long; what is left goes on in another replay message. */
const REPLAY_BUDGET_MS = 20_000;

/**
 * A re-enabled endpoint's missed deliveries (paused, oldest event first) go back to pending and
 * onto the queue. Answers how many, and whether some remain: then the replay message itself goes
 * back on the queue to carry on.
 */
export async function replayPaused(
  message: ReplayMessage,
  sendMessages: (messages: (DeliverMessage | ReplayMessage)[]) => Promise<void>,
  now = () => new Date(),
): Promise<{ replayed: number; more: boolean }> {
  const deadline = Date.now() + REPLAY_BUDGET_MS;
  const seen = new Set<string>();
  let replayed = 0;
  for (;;) {
    const webhook = await findWebhook(message.tenant_id, message.webhook_id);
    if (!webhook?.enabled) return { replayed, more: false };
    const page = (await pausedDeliveries(message.tenant_id, message.webhook_id, 100)).filter((ref) => !seen.has(ref.eventId));
    if (page.length === 0) return { replayed, more: false };
    const resumed: DeliverMessage[] = [];
    for (const ref of page) {
      seen.add(ref.eventId);
      if (await requeueDelivery(ref, ['paused'], now()))
        resumed.push({ kind: 'deliver', tenant_id: ref.tenantId, event_id: ref.eventId, webhook_id: ref.webhookId });
    }
    await sendMessages(resumed);
    replayed += resumed.length;
    if (Date.now() > deadline) {
      await sendMessages([message]);
      return { replayed, more: true };
    }
  }
}
