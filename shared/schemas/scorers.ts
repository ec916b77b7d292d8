// Scorer and task schemas: the shape of a benchmark's tasks. Whether a scorer fits its expected
// value (numeric needs a number, a regex must run on the linear-time engine) is checked by
// scorerProblem() in #shared/scoring, which benchmark creation calls after these.
import * as z from 'zod/mini';
import { storableJson } from './stored-json.ts';

const SCORER_TYPES = ['exact', 'normalized_text', 'numeric', 'regex', 'contains', 'json_equal', 'judge'] as const;

/** Taken by every scorer (README "Repeated attempts and pass@k"): an attempt is correct when its score is ≥ it (default 1). */
const passThreshold = z.optional(
  z.number('pass_threshold must be a number').check(z.gt(0, 'pass_threshold must be > 0'), z.maximum(1, 'pass_threshold must be ≤ 1')),
);

/** A scorer's parameters, refusing any it does not take (a misspelt `tolerence` must not pass). */
const scorer = <T extends (typeof SCORER_TYPES)[number], S extends Record<string, z.ZodMiniType>>(type: T, parameters: S) =>
  z.strictObject(
    { type: z.literal(type), ...parameters, pass_threshold: passThreshold },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `the ${type} scorer takes ${[...Object.keys(parameters), 'pass_threshold'].join(', ')}; unknown: ${issue.keys.join(', ')}`
          : issue.code === 'invalid_type'
            ? 'scorer must be an object'
            : undefined,
    },
  );

export const ScorerConfig = z.discriminatedUnion(
  'type',
  [
    scorer('exact', {}),
    scorer('normalized_text', {}),
    scorer('numeric', {
      /** Largest accepted distance from the expected number (default 0). */
      tolerance: z.optional(z.number('tolerance must be a number').check(z.minimum(0, 'tolerance must be ≥ 0'))),
      /** When true, the tolerance is a fraction of |expected| (default false: absolute). */
      relative: z.optional(z.boolean('relative must be true or false')),
    }),
    scorer('regex', {
      /** ECMAScript syntax; matches anywhere in the output unless anchored with ^…$. */
      pattern: z
        .string('pattern must be a string')
        .check(z.minLength(1, 'pattern must not be empty'), z.maxLength(1000, 'pattern must be at most 1000 characters')),
      // No g or y: they make test() stateful. No u: the linear-time engine cannot run it.
      flags: z.optional(
        z.string('flags must be a string').check(z.regex(/^(?:i(?!.*i)|m(?!.*m)|s(?!.*s))*$/, 'flags may combine i, m and s, each at most once')),
      ),
    }),
    scorer('contains', {
      /** Every value must appear in the output (case-sensitive). */
      values: z
        .array(z.string('values must be strings').check(z.minLength(1, 'values must not be empty strings')), 'values must be a list of strings')
        .check(z.minLength(1, 'values must list at least one string')),
    }),
    scorer('json_equal', {}),
    scorer('judge', {
      /** A judge registered in the tenant (POST /v1/judges); checked when the benchmark is created or changed. */
      judge_id: z.string('judge_id must be a string').check(z.regex(/^jdg_[0-9a-z]{26}$/, 'judge_id must be a judge id (jdg_…)')),
      /** Sent to the judge with each answer. */
      rubric: z.optional(z.string('rubric must be a string').check(z.maxLength(4000, 'rubric must be at most 4000 characters'))),
      /** When given, the task scores 1 if the judge's score is ≥ it, else 0; without it, the judge's score itself. */
      pass_threshold: z.optional(
        z.number('pass_threshold must be a number').check(z.minimum(0, 'pass_threshold must be ≥ 0'), z.maximum(1, 'pass_threshold must be ≤ 1')),
      ),
    }),
  ],
  { error: `scorer type must be one of ${SCORER_TYPES.join(', ')}` },
);

export const TaskId = z
  .string('task_id must be a string')
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'task_id must be 1–128 characters of letters, digits, _ . : or -'));

/**
 * Any JSON value, but present: a task without the key is refused; `null` is a value. Stored in the
 * version item's `tasks` list of maps, 3 levels down (item, list, map).
 */
const requiredJson = (name: string) =>
  z.unknown().check(
    z.refine((value) => value !== undefined, `${name} is required`),
    storableJson(3),
  );

export const TaskDefinition = z.strictObject(
  {
    task_id: TaskId,
    input: requiredJson('input'),
    expected: requiredJson('expected'),
    scorer: ScorerConfig,
    weight: z._default(z.number('weight must be a number').check(z.gt(0, 'weight must be > 0'), z.maximum(1000, 'weight must be at most 1000')), 1),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `a task has task_id, input, expected, scorer and weight; unknown: ${issue.keys.join(', ')}`
        : issue.code === 'invalid_type'
          ? 'a task must be an object'
          : undefined,
  },
);
