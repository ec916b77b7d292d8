// The zod schemas of shared/schemas/scorers.ts, as a benchmark author meets them.
import { describe, expect, it } from 'vitest';
import { ScorerConfig, TaskDefinition } from '../schemas/scorers.ts';
import { scorerProblem } from './compile.ts';

const issues = (value: unknown) => {
  const result = TaskDefinition.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const base = { task_id: 'q-1', input: { question: '2+2?' }, expected: 4, scorer: { type: 'numeric' } };

describe('TaskDefinition schema', () => {
  it('accepts a task, defaulting weight to 1, and its output feeds scorerProblem', () => {
    const parsed = TaskDefinition.parse(base);
    expect(parsed).toEqual({ ...base, weight: 1 });
    expect(scorerProblem(parsed)).toBeUndefined();
  });

  it('requires input and expected to be present, null included as a value', () => {
    expect(issues({ task_id: 'q', scorer: { type: 'exact' } })).toEqual(['input: input is required', 'expected: expected is required']);
    expect(issues({ ...base, input: null, expected: null, scorer: { type: 'exact' } })).toEqual([]);
  });

  it('checks task ids and weights', () => {
    expect(issues({ ...base, task_id: 'a/b' })).toEqual(['task_id: task_id must be 1–128 characters of letters, digits, _ . : or -']);
    expect(issues({ ...base, task_id: 'x'.repeat(129) })).toHaveLength(1);
    expect(issues({ ...base, task_id: 'ns:q_1.v-2' })).toEqual([]);
    expect(issues({ ...base, weight: 0 })).toEqual(['weight: weight must be > 0']);
    expect(issues({ ...base, weight: 1000.5 })).toEqual(['weight: weight must be at most 1000']);
    expect(issues({ ...base, weight: 0.25 })).toEqual([]);
    expect(issues({ ...base, extra: 1 })).toEqual([': a task has task_id, input, expected, scorer and weight; unknown: extra']);
  });
});

describe('ScorerConfig schema', () => {
  const scorerIssues = (scorer: unknown) => issues({ ...base, scorer });

  it('accepts each scorer type with its parameters', () => {
    for (const scorer of [
      { type: 'exact' },
      { type: 'normalized_text' },
      { type: 'numeric', tolerance: 0.1, relative: true },
      { type: 'regex', pattern: 'a+', flags: 'ims' },
      { type: 'contains', values: ['a'] },
      { type: 'json_equal' },
    ]) {
      expect(ScorerConfig.safeParse(scorer).success, scorer.type).toBe(true);
    }
  });

  it('refuses unknown types and parameters a scorer does not take', () => {
    expect(scorerIssues({ type: 'fuzzy' })).toEqual([
      'scorer.type: scorer type must be one of exact, normalized_text, numeric, regex, contains, json_equal, judge',
    ]);
    expect(scorerIssues({ type: 'numeric', tolerence: 1 })).toEqual([
      'scorer: the numeric scorer takes tolerance, relative, pass_threshold; unknown: tolerence',
    ]);
    expect(scorerIssues({ type: 'exact', pattern: 'x' })).toEqual(['scorer: the exact scorer takes pass_threshold; unknown: pattern']);
  });

  it('takes pass_threshold on every scorer, above 0 and at most 1', () => {
    for (const type of ['exact', 'normalized_text', 'numeric', 'json_equal'])
      expect(ScorerConfig.safeParse({ type, pass_threshold: 0.5 }).success, type).toBe(true);
    expect(ScorerConfig.safeParse({ type: 'regex', pattern: 'a', pass_threshold: 1 }).success).toBe(true);
    expect(ScorerConfig.safeParse({ type: 'contains', values: ['a'], pass_threshold: 0.01 }).success).toBe(true);
    expect(scorerIssues({ type: 'exact', pass_threshold: 0 })).toEqual(['scorer.pass_threshold: pass_threshold must be > 0']);
    expect(scorerIssues({ type: 'exact', pass_threshold: 1.5 })).toEqual(['scorer.pass_threshold: pass_threshold must be ≤ 1']);
    expect(scorerIssues({ type: 'exact', pass_threshold: '1' })).toEqual(['scorer.pass_threshold: pass_threshold must be a number']);
  });

  it('checks parameter values', () => {
    expect(scorerIssues({ type: 'numeric', tolerance: -1 })).toEqual(['scorer.tolerance: tolerance must be ≥ 0']);
    expect(scorerIssues({ type: 'numeric', relative: 'yes' })).toEqual(['scorer.relative: relative must be true or false']);
    expect(scorerIssues({ type: 'regex', pattern: '' })).toEqual(['scorer.pattern: pattern must not be empty']);
    expect(scorerIssues({ type: 'regex', pattern: 'a'.repeat(1001) })).toEqual(['scorer.pattern: pattern must be at most 1000 characters']);
    for (const flags of ['g', 'y', 'u', 'ii', 'imsi', 'x']) {
      expect(scorerIssues({ type: 'regex', pattern: 'a', flags }), flags).toEqual(['scorer.flags: flags may combine i, m and s, each at most once']);
    }
    expect(scorerIssues({ type: 'contains', values: [] })).toEqual(['scorer.values: values must list at least one string']);
    expect(scorerIssues({ type: 'contains', values: ['a', ''] })).toEqual(['scorer.values.1: values must not be empty strings']);
  });
});
