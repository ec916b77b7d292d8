import { describe, expect, it } from 'vitest';
import { settings } from '#shared/contract/settings.ts';
import {
  JUDGING_OVERHEAD_MS,
  JUDGING_VISIBILITY_TIMEOUT_SECONDS,
  JUDGING_WORKER_TIMEOUT_SECONDS,
  judgeRequestWorstCaseMs,
  judgingLimitsProblem,
  judgingWorstCaseMs,
  MAX_JUDGE_TASKS,
} from './timing.ts';

const defaults = {
  attemptTimeoutMs: Number(settings.JUDGE_ATTEMPT_TIMEOUT_MS.default),
  retryDelaysMs: settings.JUDGE_RETRY_DELAYS_MS.default.split(',').map(Number),
  concurrency: Number(settings.JUDGE_CONCURRENCY.default),
};

describe('the judging timing', () => {
  it('gives one request at most 4 × 10 s plus 0.5 + 1 + 2 s of waits', () => {
    expect(judgeRequestWorstCaseMs(defaults)).toBe(43_500);
  });

  it('runs 64 judge tasks 16 at a time in 4 rounds: 174 s, within the worker’s 200 s with 20 s around them', () => {
    expect(judgingWorstCaseMs(defaults)).toBe(Math.ceil(MAX_JUDGE_TASKS / 16) * 43_500);
    expect(judgingWorstCaseMs(defaults) + JUDGING_OVERHEAD_MS).toBeLessThanOrEqual(JUDGING_WORKER_TIMEOUT_SECONDS * 1000);
    expect(judgingLimitsProblem(defaults)).toBeUndefined();
  });

  it('keeps the queue’s visibility at 6× the worker’s timeout', () => {
    expect(JUDGING_VISIBILITY_TIMEOUT_SECONDS).toBe(6 * JUDGING_WORKER_TIMEOUT_SECONDS);
  });

  it('refuses settings whose worst case would outlast the worker', () => {
    expect(judgingLimitsProblem({ ...defaults, concurrency: 8 })).toMatch(/could take 368 s .* beyond the worker's 200 s/);
    expect(judgingLimitsProblem({ ...defaults, retryDelaysMs: [2000, 2000, 2000, 2000] })).toBeDefined();
    // Shorter attempts (a test's) leave room; one at a time they would not.
    expect(judgingLimitsProblem({ attemptTimeoutMs: 1000, retryDelaysMs: [50, 100], concurrency: 1 })).toMatch(/could take 221.6 s/);
    expect(judgingLimitsProblem({ attemptTimeoutMs: 1000, retryDelaysMs: [50, 100], concurrency: 4 })).toBeUndefined();
  });
});
