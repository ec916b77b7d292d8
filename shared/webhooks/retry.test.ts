import { describe, expect, it } from 'vitest';
import { outcomeOf, redeliveryDelaySeconds } from './retry.ts';

describe('outcomeOf', () => {
  it('delivers on 2xx, retries network errors, 429 and 5xx, and never retries other answers', () => {
    expect(outcomeOf(200)).toBe('succeeded');
    expect(outcomeOf(204)).toBe('succeeded');
    expect(outcomeOf(undefined)).toBe('retryable');
    expect(outcomeOf(undefined, false)).toBe('failed');
    expect(outcomeOf(429)).toBe('retryable');
    expect(outcomeOf(500)).toBe('retryable');
    expect(outcomeOf(503)).toBe('retryable');
    expect(outcomeOf(400)).toBe('failed');
    expect(outcomeOf(404)).toBe('failed');
    expect(outcomeOf(410)).toBe('failed');
    expect(outcomeOf(301)).toBe('failed');
  });
});

describe('redeliveryDelaySeconds', () => {
  it('grows with the receive count and stays at the last step', () => {
    const schedule = [30, 300, 1800];
    expect([1, 2, 3, 4, 9].map((n) => redeliveryDelaySeconds(schedule, n))).toEqual([30, 300, 1800, 1800, 1800]);
    expect(redeliveryDelaySeconds([100_000], 1)).toBe(43_200);
  });
});
