// Scheduled: re-enqueues submissions stuck in queued or scoring beyond STUCK_SUBMISSION_SECONDS.
// An event whose detail names `stuck_before` (an ISO time) re-enqueues every submission pending
// since before then instead: the local twin sends one at start, for the work its lost queues held.
import type { ScheduledEvent } from 'aws-lambda';
import { readSettings } from '#shared/config/settings.ts';
import { STUCK_SUBMISSION_SECONDS } from '#shared/contract/settings.ts';
import { logger } from '#shared/powertools/logger.ts';
import { sweepStuckSubmissions } from '#shared/submissions/sweep.ts';

const { STUCK_SUBMISSION_SECONDS: stuckAfterSeconds } = readSettings({ STUCK_SUBMISSION_SECONDS });

export async function handler(event: ScheduledEvent<{ stuck_before?: unknown } | undefined>): Promise<{ requeued: number }> {
  const before = typeof event.detail?.stuck_before === 'string' ? new Date(event.detail.stuck_before) : undefined;
  const requeued =
    before && !Number.isNaN(before.getTime())
      ? await sweepStuckSubmissions(0, event.id, before)
      : await sweepStuckSubmissions(stuckAfterSeconds, event.id);
  if (requeued > 0) logger.warn('Re-enqueued stuck submissions', { requeued, stuck_after_seconds: stuckAfterSeconds, stuck_before: before });
  return { requeued };
}
