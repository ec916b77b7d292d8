// The judging worker (SQS, batch 1): scores submissions whose benchmark version has judge-scored
// tasks, asking the judges first (signed POSTs, bounded concurrency, four attempts per request).
// The plumbing has checked the message against the judging queue's contract. A judge that stayed
// unreachable sends the message back after JUDGE_RETRY_SCHEDULE_SECONDS (ChangeMessageVisibility)
// until maxReceiveCount, then the DLQ, where the dead-letter recorder fails the submission with
// `judge_unavailable`. Its timeout covers the worst case of one submission's judge calls
// (shared/judges/timing.ts).
import { judgeAndScore } from '#shared/judges/judging.ts';
import { judgingPolicy } from '#shared/judges/settings.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { delayJudging, judgingQueue } from '#shared/queue/judging.ts';
import { sqsWorker } from '#shared/queue/worker.ts';
import { postJson } from '#shared/webhooks/http-sender.ts';

const policy = judgingPolicy();
/** A verdict is a small JSON object; more than this is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;
const send = (url: string, body: string, headers: Record<string, string>) =>
  postJson(url, body, headers, { timeoutMs: policy.attemptTimeoutMs, policy: policy.address, keepBody: { maxBytes: MAX_ANSWER_BYTES } });

export const handler = sqsWorker(judgingQueue, async ({ body: request, correlationId, receiveCount, record, logger }) => {
  const result = await judgeAndScore(request, receiveCount, { policy, send, correlationId });
  metrics.addMetric(`judging_${result.kind}`, 'Count', 1);
  logger.info('Judging request handled', { submission_id: request.submission_id, receive: receiveCount, outcome: result.kind });
  if (result.kind === 'retry_later') {
    if (!(await delayJudging(record.receiptHandle, result.delaySeconds)))
      logger.warn('Judging message no longer in flight; its retry is not delayed', { submission_id: request.submission_id });
    // Its name and message become the dead letter's last error (JudgeUnavailable: …).
    throw result.error;
  }
});
