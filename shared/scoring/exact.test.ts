import { describe, expect, it } from 'vitest';
import { exactScorer } from './exact.ts';

describe('exact', () => {
  it('compares strings after trimming surrounding whitespace only', () => {
    const scorer = exactScorer('Paris');
    expect(scorer('  Paris\n')).toEqual({ score: 1 });
    expect(scorer('paris')).toEqual({ score: 0, detail: 'not equal to the expected text' });
    expect(scorer('Pa ris')).toMatchObject({ score: 0 });
    expect(exactScorer('  two  words ')('two  words')).toEqual({ score: 1 });
  });

  it('scores a non-string output 0 when a string is expected', () => {
    expect(exactScorer('42')(42)).toEqual({ score: 0, detail: 'output is not a string' });
  });

  it('compares other JSON values as json_equal', () => {
    expect(exactScorer(42)(42.0)).toEqual({ score: 1 });
    expect(exactScorer(42)('42')).toMatchObject({ score: 0 });
    expect(exactScorer({ a: [1, { b: true }] })({ a: [1, { b: true }] })).toEqual({ score: 1 });
    expect(exactScorer(null)(null)).toEqual({ score: 1 });
  });
});
