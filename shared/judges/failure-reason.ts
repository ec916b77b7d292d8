// The reason a submission gives when its judging message dead-letters. Plain TypeScript.
import { deadLetterReason, type DeadLetter } from '#shared/dead-letters/dead-letter.ts';

export const JUDGE_UNAVAILABLE = 'judge_unavailable';

/** `judge_unavailable` when the judge stayed unreachable (the worker's JudgeUnavailable error), else the generic dead-letter reason. */
export const judgingFailureReason = (letter: Pick<DeadLetter, 'queue' | 'attempts' | 'lastError'>) =>
  letter.lastError?.startsWith('JudgeUnavailable:') ? JUDGE_UNAVAILABLE : deadLetterReason(letter);
