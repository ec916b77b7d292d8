// What each queue's dead letters mean to the domain: which object to mark failed when its work
// dead-letters, and how to make that object workable again before its message is redriven. A new
// queue (delivery, broadcast) plugs in with one entry; a queue without one is still recorded and
// redriven, only without a domain step.
import type { QUEUE_NAMES } from '#shared/schemas/dead-letters.ts';
import { scoringQueue, type ScoringRequest } from '#shared/queue/scoring.ts';
import { findSubmission, transitionSubmission } from '#shared/store/submissions.ts';
import { failSubmission } from '#shared/submissions/fail.ts';
import { MOVES } from '#shared/submissions/submission.ts';
import { deliveryDeadLetterHandler } from '#shared/webhooks/delivery-dead-letter-handler.ts';
import { judgingDeadLetterHandler } from '#shared/judges/dead-letter-handler.ts';
import { deadLetterReason, parseBody, type DeadLetter } from './dead-letter.ts';

export interface DeadLetterHandler {
  /** The work failed for good: mark its domain object failed (idempotent: it may run twice). */
  onDeadLetter(letter: DeadLetter & { tenantId: string }, correlationId: string, now: Date): Promise<void>;
  /** Before the message goes back to its queue: make the domain object workable again. */
  beforeRedrive(letter: DeadLetter & { tenantId: string }, now: Date): Promise<void>;
}

/** The request a dead letter carries; undefined when it broke the queue's contract (no submission to mark). */
const scoringRequestOf = (letter: DeadLetter): ScoringRequest | undefined => {
  const parsed = scoringQueue.parse(parseBody(letter.body));
  return parsed.ok ? parsed.value : undefined;
};

const scoring: DeadLetterHandler = {
  async onDeadLetter(letter, correlationId, now) {
    const request = scoringRequestOf(letter);
    const submission = request && (await findSubmission(letter.tenantId, request.submission_id));
    // failSubmission moves only a queued or scoring submission: one scored or cancelled meanwhile stays so.
    if (submission) await failSubmission(submission, deadLetterReason(letter), correlationId, now);
  },
  async beforeRedrive(letter, now) {
    const request = scoringRequestOf(letter);
    // failed → queued, as a rescore does; a submission in any other state is left alone (the worker skips it).
    if (request)
      await transitionSubmission(letter.tenantId, request.submission_id, MOVES.redrive.from, MOVES.redrive.to, now.toISOString(), {
        failure_reason: null,
      });
  },
};

type QueueName = (typeof QUEUE_NAMES)[number];

export const deadLetterHandlers: Record<QueueName, DeadLetterHandler | undefined> = {
  scoring,
  // No domain object to mark failed: subscribers see the lost update as a gap in seq and resubscribe.
  broadcast: undefined,
  // The delivery ends dead_lettered (listed with its attempts); a redrive makes it pending again.
  delivery: deliveryDeadLetterHandler,
  // Nothing to mark failed: the next change, or the reconciler's next run, asks for an update again.
  monitoring: undefined,
  // The submission ends failed (judge_unavailable); a redrive makes it queued again, as for scoring.
  judging: judgingDeadLetterHandler,
};

export const handlerOf = (queue: string): DeadLetterHandler | undefined =>
  Object.hasOwn(deadLetterHandlers, queue) ? deadLetterHandlers[queue as QueueName] : undefined;
