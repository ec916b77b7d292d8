// Why the judging worker's timeouts add up (docs/decisions.md "Judge scorers: the timing"). One
// judge request takes at most (retries + 1) attempts of the attempt timeout plus the waits between
// them; a submission's judge-scored tasks run `concurrency` at a time, at most MAX_JUDGE_TASKS of
// them, so the judge calls of one message end within rounds × one request's worst case. The worker
// (batch 1) gets that plus the table and queue work around it, and the queue's visibility timeout is
// 6× the worker's. Plain TypeScript: the stack reads the constants, the worker checks its settings.

/** Judge-scored tasks one benchmark version may hold (benchmark creation refuses more). */
export const MAX_JUDGE_TASKS = 64;

/** The judging worker's timeout: the worst case of the default (and largest allowed) judge calls, plus the work around them. */
export const JUDGING_WORKER_TIMEOUT_SECONDS = 200;

/** SQS's rule for a Lambda consumer: visibility at least 6× the function's timeout. */
export const JUDGING_VISIBILITY_TIMEOUT_SECONDS = 6 * JUDGING_WORKER_TIMEOUT_SECONDS;

/** Claiming the submission, reading its version and judges, writing the score, the board and the event (SDK retries included). */
export const JUDGING_OVERHEAD_MS = 20_000;

export interface JudgeCallLimits {
  attemptTimeoutMs: number;
  retryDelaysMs: readonly number[];
  concurrency: number;
}

/** One judge request's worst case: every attempt times out, with every wait in between. */
export const judgeRequestWorstCaseMs = ({ attemptTimeoutMs, retryDelaysMs }: JudgeCallLimits) =>
  (retryDelaysMs.length + 1) * attemptTimeoutMs + retryDelaysMs.reduce((sum, wait) => sum + wait, 0);

/** All of one submission's judge calls, at worst: ⌈tasks / concurrency⌉ rounds of one request's worst case. */
export const judgingWorstCaseMs = (limits: JudgeCallLimits, tasks = MAX_JUDGE_TASKS) =>
  Math.ceil(tasks / Math.max(1, limits.concurrency)) * judgeRequestWorstCaseMs(limits);

/** Why these limits cannot run within the worker's timeout, or undefined. */
export function judgingLimitsProblem(limits: JudgeCallLimits, timeoutSeconds = JUDGING_WORKER_TIMEOUT_SECONDS): string | undefined {
  const worst = judgingWorstCaseMs(limits) + JUDGING_OVERHEAD_MS;
  if (worst <= timeoutSeconds * 1000) return undefined;
  return `judge calls of ${MAX_JUDGE_TASKS} tasks could take ${worst / 1000} s (JUDGE_ATTEMPT_TIMEOUT_MS, JUDGE_RETRY_DELAYS_MS, JUDGE_CONCURRENCY) with the ${JUDGING_OVERHEAD_MS / 1000} s around them, beyond the worker's ${timeoutSeconds} s`;
}
