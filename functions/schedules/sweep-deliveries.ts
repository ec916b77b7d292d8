// Scheduled: sends again the messages of deliveries still pending (never attempted) after STUCK_DELIVERY_SECONDS.
// An event whose detail names `stuck_before` (an ISO time) does so for every delivery pending since
// before then instead: the local twin sends one at start, for the work its lost queues held.
import type { ScheduledEvent } from 'aws-lambda';
import { readSettings } from '#shared/config/settings.ts';
import { STUCK_DELIVERY_SECONDS } from '#shared/contract/settings.ts';
import { logger } from '#shared/powertools/logger.ts';
import { sweepStuckDeliveries } from '#shared/webhooks/sweep.ts';

const { STUCK_DELIVERY_SECONDS: stuckAfterSeconds } = readSettings({ STUCK_DELIVERY_SECONDS });

export async function handler(event: ScheduledEvent<{ stuck_before?: unknown } | undefined>): Promise<{ requeued: number }> {
  const before = typeof event.detail?.stuck_before === 'string' ? new Date(event.detail.stuck_before) : undefined;
  const requeued =
    before && !Number.isNaN(before.getTime())
      ? await sweepStuckDeliveries(0, event.id, before)
      : await sweepStuckDeliveries(stuckAfterSeconds, event.id);
  if (requeued > 0) logger.warn('Re-enqueued stuck deliveries', { requeued, stuck_after_seconds: stuckAfterSeconds, stuck_before: before });
  return { requeued };
}
