import { describe, expect, it } from 'vitest';
import { jsonEqual, jsonEqualScorer } from './json-equal.ts';

describe('json_equal', () => {
  it('ignores object key order, at any depth', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toBe(true);
  });

  it('keeps arrays ordered, nested arrays included', () => {
    expect(jsonEqual([[1, 2], [3]], [[1, 2], [3]])).toBe(true);
    expect(jsonEqual([[1, 2], [3]], [[2, 1], [3]])).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
  });

  it('compares numbers by value and never coerces types', () => {
    expect(jsonEqual(1, 1.0)).toBe(true);
    expect(jsonEqual(JSON.parse('1e2'), 100)).toBe(true);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual(0, false)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('compares deeply nested values without overflowing the stack', () => {
    const deep = (n: number, leaf: unknown) => JSON.parse(`${'['.repeat(n)}${JSON.stringify(leaf)}${']'.repeat(n)}`);
    expect(jsonEqual(deep(100_000, 1), deep(100_000, 1))).toBe(true);
    expect(jsonEqual(deep(100_000, 1), deep(100_000, 2))).toBe(false);
  });

  it('scores 1 or 0 with a reason', () => {
    const scorer = jsonEqualScorer({ city: 'Paris', population: 2_102_650 });
    expect(scorer({ population: 2_102_650, city: 'Paris' })).toEqual({ score: 1 });
    expect(scorer({ city: 'Paris' })).toEqual({ score: 0, detail: 'not equal to the expected value' });
  });
});
