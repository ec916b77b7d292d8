// The delivery retry policy (seed 002, DESIGN.md "Event → deliveries"): within one invocation, up to
// four attempts — at once, then after 500 ms, 1 s, 2 s — for network errors, timeouts, 429 and 5xx;
// any other answer ends the delivery (2xx: delivered; 3xx/4xx: failed, never retried). A delivery
// still failing goes back to the queue for a later receive, after a delay taken from a schedule of
// whole seconds, growing with the receive count. Plain TypeScript.
export type AttemptOutcome = 'succeeded' | 'retryable' | 'failed';

/** `statusCode` undefined: no answer (network error, timeout, refused address). */
export function attemptOutcomeOf(statusCode: number | undefined, retryableError = true): AttemptOutcome {
  if (statusCode === undefined) return retryableError ? 'retryable' : 'failed';
  if (statusCode >= 200 && statusCode < 300) return 'succeeded';
  if (statusCode === 429 || statusCode >= 500) return 'retryable';
  return 'failed';
}

/** SQS's largest visibility timeout (12 h). */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** Seconds before a delivery's message is received again after its `receiveCount`-th receive failed. */
export function nextReceiveDelaySeconds(schedule: readonly number[], receiveCount: number): number {
  const index = Math.min(Math.max(receiveCount, 1), schedule.length) - 1;
  return Math.min(schedule[index] ?? 0, MAX_VISIBILITY_SECONDS);
}
