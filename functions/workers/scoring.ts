// The scoring worker (SQS, partial batch failures): scores each requested submission. The plumbing
// has checked the message against the scoring queue's contract (one that fails it went straight to
// the DLQ). Transient errors throw, so only that message returns to the queue; after
// maxReceiveCount it goes to the DLQ, where the dead-letter recorder marks the submission failed.
import { scoringQueue } from '#shared/queue/scoring.ts';
import { sqsWorker } from '#shared/queue/worker.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { scoreRequested } from '#shared/submissions/score-requested.ts';

export const handler = sqsWorker(scoringQueue, async ({ body: request, correlationId, logger }) => {
  const outcome = await scoreRequested(request, correlationId);
  metrics.addMetric(`submissions_${outcome}`, 'Count', 1);
  logger.info('Scoring request handled', { submission_id: request.submission_id, reason: request.reason, outcome });
});
