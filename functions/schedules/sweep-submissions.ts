// Scheduled: re-enqueues submissions stuck in queued or scoring beyond STUCK_SUBMISSION_SECONDS.
import type { ScheduledEvent } from 'aws-lambda';
import { integerEnv } from '#shared/config/env.ts';
import { logger } from '#shared/powertools/logger.ts';
import { sweepStuckSubmissions } from '#shared/submissions/sweep.ts';

const stuckAfterSeconds = integerEnv('STUCK_SUBMISSION_SECONDS', 300);

export async function handler(event: ScheduledEvent): Promise<{ requeued: number }> {
  const requeued = await sweepStuckSubmissions(stuckAfterSeconds, event.id);
  if (requeued > 0) logger.warn('Re-enqueued stuck submissions', { requeued, stuck_after_seconds: stuckAfterSeconds });
  return { requeued };
}
