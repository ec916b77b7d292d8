import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs } from './backoff.ts';

const policy = { baseMs: 50, capMs: 1000 };

describe('fullJitterDelayMs', () => {
  it('doubles the step with each attempt, up to the cap', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((attempt) => fullJitterDelayMs(attempt, policy, top))).toEqual([50, 100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('scales the step by the random draw (full jitter)', () => {
    expect(fullJitterDelayMs(2, policy, () => 0)).toBe(0);
    expect(fullJitterDelayMs(2, policy, () => 0.25)).toBe(50);
    expect(fullJitterDelayMs(10, policy, () => 0.5)).toBe(500);
  });

  it('stays within [0, cap) with the default random source', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const delay = fullJitterDelayMs(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(1000, 50 * 2 ** attempt));
    }
  });
});
