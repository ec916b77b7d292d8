// The delivery sweeper: deliveries created (or replayed, or redriven) longer ago than the stuck age
// whose message never arrived — a crash between persisting and enqueueing, a failed send — get their
// message again. A duplicate is harmless: the worker never repeats a succeeded delivery.
import { sendDeliveryMessages } from '#shared/queue/delivery.ts';
import { pendingDeliveriesSince, touchPendingDelivery } from '#shared/store/deliveries.ts';

export async function sweepStuckDeliveries(stuckAfterSeconds: number, correlationId: string, now = new Date()): Promise<number> {
  const olderThan = new Date(now.getTime() - stuckAfterSeconds * 1000).toISOString();
  const stuck = await pendingDeliveriesSince(olderThan, 100);
  await sendDeliveryMessages(
    stuck.map((ref) => ({ kind: 'deliver' as const, tenant_id: ref.tenantId, event_id: ref.eventId, webhook_id: ref.webhookId })),
    correlationId,
  );
  for (const ref of stuck) await touchPendingDelivery(ref, now);
  return stuck.length;
}
