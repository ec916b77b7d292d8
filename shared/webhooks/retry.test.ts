import { describe, expect, it } from 'vitest';
import { attemptOutcomeOf, parseSchedule, nextReceiveDelaySeconds } from './retry.ts';

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

describe('parseSchedule', () => {
  it('reads the seed’s backoff and a visibility schedule', () => {
    expect(parseSchedule('500,1000,2000', 'X')).toEqual([500, 1000, 2000]);
    expect(parseSchedule(' 30, 300 ,1800', 'X')).toEqual([30, 300, 1800]);
  });

  it('refuses anything else with the setting’s name', () => {
    for (const bad of ['', 'a', '1,-2', '1.5', ','])
      expect(() => parseSchedule(bad, 'WEBHOOK_RETRY_SCHEDULE_SECONDS')).toThrow(/WEBHOOK_RETRY_SCHEDULE_SECONDS/);
  });
});

describe('nextReceiveDelaySeconds', () => {
  it('grows with the receive count and stays at the last step', () => {
    const schedule = [30, 300, 1800];
    expect([1, 2, 3, 4, 9].map((n) => nextReceiveDelaySeconds(schedule, n))).toEqual([30, 300, 1800, 1800, 1800]);
    expect(nextReceiveDelaySeconds([100_000], 1)).toBe(43_200);
  });
});
