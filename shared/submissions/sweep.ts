// The sweeper: submissions queued or scoring for longer than the stuck age are asked for again
// (a crash between persist and enqueue, a lost message, a twin restart that lost its queues).
// Duplicates are harmless: the worker's writes are conditional.
import { requestScoring } from '#shared/queue/scoring.ts';
import { pendingSince, touchPending } from '#shared/store/submissions.ts';

export async function sweepStuckSubmissions(stuckAfterSeconds: number, correlationId: string, now = new Date()): Promise<number> {
  const olderThan = new Date(now.getTime() - stuckAfterSeconds * 1000).toISOString();
  const stuck = await pendingSince(olderThan, 100);
  for (const submission of stuck) {
    await requestScoring({ tenant_id: submission.tenantId, submission_id: submission.submissionId, reason: 'sweep' }, correlationId);
    await touchPending(submission.tenantId, submission.submissionId, now.toISOString());
  }
  return stuck.length;
}
