// Scheduled: sends again the messages of deliveries still pending (never attempted) after STUCK_DELIVERY_SECONDS.
import type { ScheduledEvent } from 'aws-lambda';
import { integerEnv } from '#shared/config/env.ts';
import { logger } from '#shared/powertools/logger.ts';
import { sweepStuckDeliveries } from '#shared/webhooks/sweep.ts';

const stuckAfterSeconds = integerEnv('STUCK_DELIVERY_SECONDS', 300);

export async function handler(event: ScheduledEvent): Promise<{ requeued: number }> {
  const requeued = await sweepStuckDeliveries(stuckAfterSeconds, event.id);
  if (requeued > 0) logger.warn('Re-enqueued stuck deliveries', { requeued, stuck_after_seconds: stuckAfterSeconds });
  return { requeued };
}
