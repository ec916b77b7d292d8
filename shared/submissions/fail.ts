// Ending a submission as failed (the scoring worker on invalid data, the dead-letter recorder on a
// failure that persisted): once, with a reason, giving its quota back and saying so. The event is
// guaranteed (ended-events.ts): publish() throws when it was not sent, and a retry that finds the
// submission already ended (failed, or scored) publishes the same event again (announce.ts).
import { publish } from '#shared/events/publish.ts';
import { giveBackQuota } from '#shared/store/quotas.ts';
import { transitionSubmission } from '#shared/store/submissions.ts';
import { announceEnded } from './announce.ts';
import { failedEvent } from './ended-events.ts';
import { MOVES, type Submission } from './submission.ts';

/** Ends a submission as failed with a reason (once), gives its quota back and says so. */
export async function failSubmission(
  submission: Submission,
  reason: string,
  correlationId: string,
  now = new Date(),
): Promise<'failed' | 'republished' | 'skipped'> {
  const failed = await transitionSubmission(submission.tenantId, submission.submissionId, MOVES.fail.from, MOVES.fail.to, now.toISOString(), {
    failure_reason: reason,
  });
  // Ended before (this is a retry, perhaps of a publish that never happened, or the dead-letter
  // recorder after publishing kept failing): said again.
  if (!failed) return (await announceEnded(submission.tenantId, submission.submissionId, correlationId)) ? 'republished' : 'skipped';
  await giveBackQuota({ tenantId: failed.tenantId, benchmarkId: failed.benchmarkId, agentId: failed.agentId, day: failed.quotaDay });
  await publish([failedEvent(failed, correlationId)]);
  return 'failed';
}
