// The judging worker's job for one message: score the submission with its judges' verdicts
// (score-requested.ts with the judge step). A judge that stayed unreachable through every attempt
// of this receive sends the message back for a later receive (JUDGE_RETRY_SCHEDULE_SECONDS, by
// receive count), the submission marked active so the stuck-submission sweeper leaves it to the
// queue; after the queue's maxReceiveCount it dead-letters, and the recorder fails it with
// `judge_unavailable` (dead-letter-handler.ts).
import type { JudgingRequest } from '#shared/queue/judging.ts';
import { touchPending } from '#shared/store/submissions.ts';
import { scoreRequested, type ScoringOutcome } from '#shared/submissions/score-requested.ts';
import { nextReceiveDelaySeconds } from '#shared/webhooks/retry.ts';
import { JudgeUnavailableError, type CallContext } from './call-judge.ts';
import { judgeTasks } from './judge-tasks.ts';

export type JudgingResult = { kind: ScoringOutcome } | { kind: 'retry_later'; delaySeconds: number; error: JudgeUnavailableError };

export async function judgeAndScore(request: JudgingRequest, receiveCount: number, context: CallContext): Promise<JudgingResult> {
  const now = context.now ?? (() => new Date());
  try {
    return { kind: await scoreRequested(request, context.correlationId, now, (submission, tasks) => judgeTasks(submission, tasks, context)) };
  } catch (error) {
    if (!(error instanceof JudgeUnavailableError)) throw error;
    await touchPending(request.tenant_id, request.submission_id, now().toISOString());
    return { kind: 'retry_later', delaySeconds: nextReceiveDelaySeconds(context.policy.redeliverySchedule, receiveCount), error };
  }
}
