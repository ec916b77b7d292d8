// Ending a submission as failed (the scoring worker on invalid data, the dead-letter recorder on a
// failure that persisted): once, with a reason, giving its quota back and saying so.
import { publish } from '#shared/events/publish.ts';
import { giveBackQuota } from '#shared/store/quotas.ts';
import { transitionSubmission } from '#shared/store/submissions.ts';
import type { Submission } from './submission.ts';
import { submissionChannel } from '#shared/realtime/channels.ts';

/** Ends a submission as failed with a reason (once), gives its quota back and says so. */
export async function failSubmission(submission: Submission, reason: string, correlationId: string, now = new Date()): Promise<'failed' | 'skipped'> {
  const failed = await transitionSubmission(submission.tenantId, submission.submissionId, ['queued', 'scoring'], 'failed', now.toISOString(), {
    failure_reason: reason,
  });
  if (!failed) return 'skipped';
  await giveBackQuota({ tenantId: failed.tenantId, benchmarkId: failed.benchmarkId, agentId: failed.agentId, day: failed.quotaDay });
  await publish([
    {
      type: 'submission.failed',
      tenantId: failed.tenantId,
      channels: [submissionChannel(failed.submissionId)],
      data: { submission_id: failed.submissionId, benchmark_id: failed.benchmarkId, agent_id: failed.agentId, status: 'failed', reason },
      correlationId,
      occurredAt: now.toISOString(),
    },
  ]);
  return 'failed';
}
