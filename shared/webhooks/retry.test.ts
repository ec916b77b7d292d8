import { describe, expect, it } from 'vitest';
import { attemptOutcomeOf, nextReceiveDelaySeconds } from './retry.ts';

describe('attemptOutcomeOf', () => {
  it('delivers on 2xx, retries network errors, 429 and 5xx, and never retries other answers', () => {
    expect(attemptOutcomeOf(200)).toBe('succeeded');
    expect(attemptOutcomeOf(204)).toBe('succeeded');
    expect(attemptOutcomeOf(undefined)).toBe('retryable');
    expect(attemptOutcomeOf(undefined, false)).toBe('failed');
    expect(attemptOutcomeOf(429)).toBe('retryable');
    expect(attemptOutcomeOf(500)).toBe('retryable');
    expect(attemptOutcomeOf(503)).toBe('retryable');
    expect(attemptOutcomeOf(400)).toBe('failed');
    expect(attemptOutcomeOf(404)).toBe('failed');
    expect(attemptOutcomeOf(410)).toBe('failed');
    expect(attemptOutcomeOf(301)).toBe('failed');
  });
});

describe('nextReceiveDelaySeconds', () => {
  it('grows with the receive count and stays at the last step', () => {
    const schedule = [30, 300, 1800];
    expect([1, 2, 3, 4, 9].map((n) => nextReceiveDelaySeconds(schedule, n))).toEqual([30, 300, 1800, 1800, 1800]);
    expect(nextReceiveDelaySeconds([100_000], 1)).toBe(43_200);
  });
});
