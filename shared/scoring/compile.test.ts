import { describe, expect, it } from 'vitest';
import { compileScorer, scorerProblem } from './compile.ts';
import type { ScorerConfig } from './types.ts';

const problem = (scorer: unknown, expected: unknown = 'x') => scorerProblem({ scorer: scorer as ScorerConfig, expected });

describe('scorerProblem', () => {
  it('accepts every scorer the design defines, with a fitting expected value', () => {
    expect(problem({ type: 'exact' }, { any: ['json'] })).toBeUndefined();
    expect(problem({ type: 'normalized_text' }, 'Paris')).toBeUndefined();
    expect(problem({ type: 'numeric', tolerance: 0.5, relative: true }, 3)).toBeUndefined();
    expect(problem({ type: 'regex', pattern: '^\\d+$', flags: 'im' }, null)).toBeUndefined();
    expect(problem({ type: 'contains', values: ['a', 'b'] }, null)).toBeUndefined();
    expect(problem({ type: 'json_equal' }, [1, { a: 2 }])).toBeUndefined();
  });

  it('refuses a scorer that does not fit its expected value', () => {
    expect(problem({ type: 'numeric' }, '3')).toBe('a numeric scorer needs a number expected value');
    expect(problem({ type: 'normalized_text' }, 3)).toBe('a normalized_text scorer needs a string expected value');
  });

  it('refuses bad parameters even if the schema was skipped', () => {
    expect(problem({ type: 'numeric', tolerance: -1 }, 3)).toBe('numeric tolerance must be a number ≥ 0');
    expect(problem({ type: 'numeric', relative: 'yes' }, 3)).toBe('numeric relative must be true or false');
    expect(problem({ type: 'contains', values: [] })).toBe('a contains scorer needs a non-empty list of values');
    expect(problem({ type: 'contains', values: ['a', ''] })).toBe('contains values must be non-empty strings');
    expect(problem({ type: 'regex', pattern: '' })).toBe('a regex scorer needs a non-empty pattern');
    expect(problem({ type: 'fuzzy' })).toBe('unknown scorer type "fuzzy"');
    expect(problem({ type: 'exact', pass_threshold: 0 })).toBe('pass_threshold must be a number > 0 and ≤ 1');
    expect(problem({ type: 'exact', pass_threshold: '1' })).toBe('pass_threshold must be a number > 0 and ≤ 1');
    expect(problem({ type: 'exact', pass_threshold: 0.5 })).toBeUndefined();
    expect(problem(null)).toBe('scorer must be an object with a type');
  });

  it('refuses regex patterns the linear-time engine cannot run, saying why', () => {
    expect(problem({ type: 'regex', pattern: '(\\w+) \\1' })).toMatch(/^regex pattern cannot run on the linear-time engine: backreferences/);
    expect(problem({ type: 'regex', pattern: '(?<=USD )\\d+' })).toMatch(/lookahead and lookbehind assertions/);
    expect(problem({ type: 'regex', pattern: '(' })).toMatch(/^regex pattern is not valid/);
    expect(problem({ type: 'regex', pattern: 'x'.repeat(1001) })).toBe('regex pattern is longer than 1000 characters');
  });
});

describe('compileScorer', () => {
  it('builds a scorer to call once per output', () => {
    const scorer = compileScorer({ scorer: { type: 'regex', pattern: 'answer: (yes|no)', flags: 'i' }, expected: null });
    if (typeof scorer === 'string') throw new Error(scorer);
    expect(scorer('Answer: YES')).toEqual({ score: 1 });
    expect(scorer('answer: maybe')).toEqual({ score: 0, detail: 'no match' });
  });

  it('shares one regex among tasks with the same pattern through a cache', () => {
    const cache = new Map();
    const task = { scorer: { type: 'regex', pattern: 'a+' } as const, expected: null };
    compileScorer(task, cache);
    compileScorer(task, cache);
    expect([...cache.keys()]).toEqual(['["","a+"]']);
  });
});
