import { describe, expect, it } from 'vitest';
import { attemptsOf, passThresholdOf, scoreAttempts } from './attempts.ts';
import { exactScorer } from './exact.ts';
import type { Scorer } from './types.ts';

/** A graded scorer (as a judge's would be): the output is its own score. */
const graded: Scorer = (output) => ({ score: output as 0 | 1 });

describe('attemptsOf', () => {
  it('reads outputs, or the one output (null included)', () => {
    expect(attemptsOf({ outputs: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(attemptsOf({ output: 'a' })).toEqual(['a']);
    expect(attemptsOf({ output: null })).toEqual([null]);
  });
});

describe('passThresholdOf', () => {
  it('is 1 unless the scorer says otherwise', () => {
    expect(passThresholdOf({ type: 'exact' })).toBe(1);
    expect(passThresholdOf({ type: 'numeric', tolerance: 1, pass_threshold: 0.5 })).toBe(0.5);
  });
});

describe('scoreAttempts', () => {
  it('scores one output as before: its score and detail, n = 1', () => {
    expect(scoreAttempts(exactScorer('yes'), ['yes'])).toEqual({ score: 1, samples: 1, correct: 1 });
    expect(scoreAttempts(exactScorer('yes'), ['no'])).toEqual({ score: 0, samples: 1, correct: 0, detail: 'not equal to the expected text' });
  });

  it('scores the mean of the attempts (c / n for a 0/1 scorer) and names the first miss', () => {
    expect(scoreAttempts(exactScorer('yes'), ['yes', 'no', 'yes', 'no', 'no'])).toEqual({
      score: 0.4,
      samples: 5,
      correct: 2,
      detail: 'attempt 2: not equal to the expected text',
    });
    expect(scoreAttempts(exactScorer('yes'), ['yes', 'yes', 'yes'])).toEqual({ score: 1, samples: 3, correct: 3 });
  });

  it('counts an attempt correct when its score is ≥ the threshold; the score stays the mean of the scores', () => {
    const scores = [0.2, 0.5, 0.7, 1];
    // Mean (0.2 + 0.5 + 0.7 + 1) / 4 = 0.6 whatever the threshold.
    expect(scoreAttempts(graded, scores)).toMatchObject({ samples: 4, correct: 1 });
    expect(scoreAttempts(graded, scores, 0.5)).toMatchObject({ samples: 4, correct: 3, detail: 'attempt 1: below the pass threshold' });
    expect(scoreAttempts(graded, scores, 0.5).score).toBeCloseTo(0.6, 15);
    expect(scoreAttempts(graded, [0.5], 0.5)).toEqual({ score: 0.5, samples: 1, correct: 1 });
  });
});
