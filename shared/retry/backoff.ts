// Full-jitter exponential backoff (a random wait up to a capped, doubling step), the one policy every
// retry loop of ours uses. Pure: the random source is a parameter, so tests pass a fixed one.

export interface Backoff {
  /** The step of attempt 0; attempt n's step is baseMs × 2ⁿ. */
  baseMs: number;
  /** No step is longer than this. */
  capMs: number;
}

/** The wait (ms, not rounded) before trying again after `attempt`: uniform in [0, min(capMs, baseMs × 2^attempt)). */
export const fullJitterDelayMs = (attempt: number, { baseMs, capMs }: Backoff, random: () => number = Math.random) =>
  random() * Math.min(capMs, baseMs * 2 ** attempt);
