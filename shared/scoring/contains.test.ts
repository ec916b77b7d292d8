import { describe, expect, it } from 'vitest';
import { containsScorer } from './contains.ts';

describe('contains', () => {
  it('requires every value, as a case-sensitive substring', () => {
    const scorer = containsScorer(['Paris', 'France']);
    expect(scorer('Paris is the capital of France.')).toEqual({ score: 1 });
    expect(scorer('Paris is in Europe.')).toEqual({ score: 0, detail: '1 of 2 values not found' });
    expect(scorer('paris, france')).toEqual({ score: 0, detail: '2 of 2 values not found' });
    expect(containsScorer(['ab', 'bc'])('abc')).toEqual({ score: 1 });
  });

  it('scores a non-string output 0', () => {
    expect(containsScorer(['1'])(1)).toEqual({ score: 0, detail: 'output is not a string' });
    expect(containsScorer(['a'])(['a'])).toMatchObject({ score: 0 });
  });
});
