// The monitoring worker's step: for each tenant of a batch, at most one `monitoring` channel
// update with the tenant's grouped counts, and never more than MONITORING_UPDATES_PER_SECOND per
// tenant (shared/monitoring/coalesce.ts). The update goes to the broadcast side as a channel
// update (not a platform event: it is state, so neither the `events` channel nor webhooks get it),
// with every location's counts in `data.by_location`; the broadcast side gives each subscriber
// only the locations its principal may see.
import { setTimeout as pause } from 'node:timers/promises';
import { broadcastUpdates } from '#shared/events/broadcast-sink.ts';
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { cellsOf, claimUpdateSlot, confirmUpdate, readUpdateSlot } from '#shared/store/aggregates.ts';
import { coalesceBatch, decideSlot, type UpdateRequest } from './coalesce.ts';
import { monitoringData } from './counts.ts';

export const MONITORING_CHANNEL = 'monitoring';
export const MONITORING_UPDATE_TYPE = 'monitoring.updated';

export interface UpdateContext {
  intervalMs: number;
  /** Give up waiting for a slot past this (epoch ms): the messages come back later. */
  deadlineMs: number;
  correlationIdOf(messageId: string): string;
  now?: () => number;
}

/** Publishes what the batch asks for; returns the ids of the messages to try again. */
export async function publishMonitoringUpdates(requests: readonly UpdateRequest[], context: UpdateContext): Promise<string[]> {
  const failed: string[] = [];
  await Promise.all(
    [...coalesceBatch(requests)].map(async ([tenantId, { generation, messageIds }]) => {
      try {
        await publishFor(tenantId, generation, context.correlationIdOf(messageIds[0]!), context);
      } catch (error) {
        logger.warn('Monitoring update not published; its messages come back', { tenant_id: tenantId, error: (error as Error).message });
        failed.push(...messageIds);
      }
    }),
  );
  return failed;
}

async function publishFor(tenantId: string, generation: number, correlationId: string, context: UpdateContext): Promise<'published' | 'covered'> {
  const now = context.now ?? Date.now;
  for (;;) {
    const slot = await readUpdateSlot(tenantId);
    const decision = decideSlot(slot, generation, now(), context.intervalMs);
    if (decision.kind === 'covered') return 'covered';
    if (decision.kind === 'wait') {
      if (now() + decision.ms > context.deadlineMs) throw new Error('no update slot before the deadline');
      await pause(decision.ms);
      continue;
    }
    const claimedAt = now();
    if (!(await claimUpdateSlot(tenantId, slot.lastPublishedMs, claimedAt))) continue; // another worker took it: look again
    // Read after the claim (consistently): every change whose mark the claim cleared is in these counts.
    const data = monitoringData(await cellsOf(tenantId, true), new Date(claimedAt));
    await broadcastUpdates([
      {
        tenantId,
        channel: MONITORING_CHANNEL,
        type: MONITORING_UPDATE_TYPE,
        data: { kind: 'summary', ...data },
        correlationId,
        occurredAt: data.as_of,
      },
    ]);
    await confirmUpdate(tenantId, claimedAt);
    logger.info('Monitoring update published', { tenant_id: tenantId, generation, published_at_ms: claimedAt });
    metrics.addMetric('monitoring_updates_published', 'Count', 1);
    return 'published';
  }
}
