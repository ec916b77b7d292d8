// A task's scorer, checked against its expected value and built once. What cannot be built is
// said in one sentence, which benchmark creation returns as a 400.
import { containsScorer } from './contains.ts';
import { exactScorer } from './exact.ts';
import { awaitsJudge, judgeScorerProblem } from './judged.ts';
import { jsonEqualScorer } from './json-equal.ts';
import { normalizedTextScorer } from './normalized-text.ts';
import { numericScorer } from './numeric.ts';
import { compileRegex, regexScorer, type CompiledRegex } from './regex.ts';
import type { Scorer, TaskDefinition } from './types.ts';

/** Regexes built so far, by flags and pattern: tasks sharing a pattern build it once. */
export type RegexCache = Map<string, CompiledRegex | string>;

/** What a scorer's `pass_threshold` may be: an attempt scoring 0 is never correct, and no score is above 1. */
export const PASS_THRESHOLD_RANGE = 'pass_threshold must be a number > 0 and ≤ 1';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scorer for a task, or the reason it has none. */
export function compileScorer(task: Pick<TaskDefinition, 'expected' | 'scorer'>, regexCache?: RegexCache): Scorer | string {
  const { expected } = task;
  const scorer: unknown = task.scorer;
  if (!isRecord(scorer)) return 'scorer must be an object with a type';
  const threshold = scorer.pass_threshold;
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) return PASS_THRESHOLD_RANGE;
  switch (scorer.type) {
    case 'exact':
      return exactScorer(expected);
    case 'json_equal':
      return jsonEqualScorer(expected);
    case 'normalized_text':
      if (typeof expected !== 'string') return 'a normalized_text scorer needs a string expected value';
      return normalizedTextScorer(expected);
    case 'numeric': {
      if (typeof expected !== 'number' || !Number.isFinite(expected)) return 'a numeric scorer needs a number expected value';
      const { tolerance = 0, relative = false } = scorer;
      if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) return 'numeric tolerance must be a number ≥ 0';
      if (typeof relative !== 'boolean') return 'numeric relative must be true or false';
      return numericScorer(expected, tolerance, relative);
    }
    case 'contains': {
      const { values } = scorer;
      if (!Array.isArray(values) || values.length === 0) return 'a contains scorer needs a non-empty list of values';
      if (!values.every((v) => typeof v === 'string' && v !== '')) return 'contains values must be non-empty strings';
      return containsScorer(values);
    }
    case 'regex': {
      const { pattern, flags = '' } = scorer;
      if (typeof pattern !== 'string' || pattern === '') return 'a regex scorer needs a non-empty pattern';
      if (typeof flags !== 'string') return 'regex flags must be a string';
      const key = JSON.stringify([flags, pattern]);
      const regex = regexCache?.get(key) ?? compileRegex(pattern, flags);
      regexCache?.set(key, regex);
      return typeof regex === 'string' ? regex : regexScorer(regex);
    }
    case 'judge':
      return judgeScorerProblem(scorer) ?? awaitsJudge;
    default:
      return `unknown scorer type ${JSON.stringify(scorer.type)}`;
  }
}

/** Validates a task's scorer against its expected value: a problem message, or undefined. */
export function scorerProblem(task: Pick<TaskDefinition, 'expected' | 'scorer'>): string | undefined {
  const scorer = compileScorer(task);
  return typeof scorer === 'string' ? scorer : undefined;
}
