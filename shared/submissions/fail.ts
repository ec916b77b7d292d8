// Ending a submission as failed (the scoring worker on invalid data, the dead-letter recorder on a
// failure that persisted): once, with a reason, giving its quota back and saying so. The event is
// guaranteed (ended-events.ts): publish() throws when it was not sent, and a retry that finds the
// submission already failed publishes the same event again.
import { publish } from '#shared/events/publish.ts';
import { giveBackQuota } from '#shared/store/quotas.ts';
import { findSubmission, transitionSubmission } from '#shared/store/submissions.ts';
import { failedEvent } from './ended-events.ts';
import type { Submission } from './submission.ts';

/** Ends a submission as failed with a reason (once), gives its quota back and says so. */
export async function failSubmission(submission: Submission, reason: string, correlationId: string, now = new Date()): Promise<'failed' | 'skipped'> {
  const failed = await transitionSubmission(submission.tenantId, submission.submissionId, ['queued', 'scoring'], 'failed', now.toISOString(), {
    failure_reason: reason,
  });
  if (!failed) {
    // Failed before (this is a retry, perhaps of a publish that never happened): say so again.
    const found = await findSubmission(submission.tenantId, submission.submissionId);
    if (found?.status !== 'failed') return 'skipped';
    await publish([failedEvent(found, correlationId)]);
    return 'failed';
  }
  await giveBackQuota({ tenantId: failed.tenantId, benchmarkId: failed.benchmarkId, agentId: failed.agentId, day: failed.quotaDay });
  await publish([failedEvent(failed, correlationId)]);
  return 'failed';
}
