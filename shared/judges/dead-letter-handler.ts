// What a dead-lettered judging message means: its submission's judges stayed unreachable through
// every receive (or its work kept failing otherwise). The submission ends failed — with reason
// `judge_unavailable` when the last failure was an unreachable judge — and a redrive makes it
// queued again before the message goes back to the judging queue.
import type { DeadLetterHandler } from '#shared/dead-letters/handlers.ts';
import { parseBody, type DeadLetter } from '#shared/dead-letters/dead-letter.ts';
import { judgingQueue, type JudgingRequest } from '#shared/queue/judging.ts';
import { findSubmission, transitionSubmission } from '#shared/store/submissions.ts';
import { failSubmission } from '#shared/submissions/fail.ts';
import { MOVES } from '#shared/submissions/submission.ts';
import { judgingFailureReason } from './failure-reason.ts';

const requestOf = (letter: DeadLetter): JudgingRequest | undefined => {
  const parsed = judgingQueue.parse(parseBody(letter.body));
  return parsed.ok ? parsed.value : undefined;
};

export const judgingDeadLetterHandler: DeadLetterHandler = {
  async onDeadLetter(letter, correlationId, now) {
    const request = requestOf(letter);
    const submission = request && (await findSubmission(letter.tenantId, request.submission_id));
    if (submission) await failSubmission(submission, judgingFailureReason(letter), correlationId, now);
  },
  async beforeRedrive(letter, now) {
    const request = requestOf(letter);
    if (request)
      await transitionSubmission(letter.tenantId, request.submission_id, MOVES.redrive.from, MOVES.redrive.to, now.toISOString(), {
        failure_reason: null,
      });
  },
};
