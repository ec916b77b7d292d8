// Benchmarks API schemas.
import * as z from 'zod/mini';
import { ScorerConfig, TaskDefinition } from './scorers.ts';
import { storableJson, storedWithin } from './stored-json.ts';

export const MAX_TASKS = 500;
const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const description = z.string().check(z.maxLength(4000));
// A top-level attribute of the version item: also refuses a weight or tolerance DynamoDB cannot store (1e-200).
const tasks = z.array(TaskDefinition).check(z.minLength(1), z.maxLength(MAX_TASKS), storableJson(1));
const rule = z.enum(['best', 'latest']);
const limit = z.number().check(z.int(), z.minimum(1), z.maximum(10_000));
/** Room a version's item keeps for its keys, number, author and time; the tasks take the rest. */
export const VERSION_RESERVED_BYTES = 8 * 1024;
const tasksFit = storedWithin('the tasks', (body: { tasks?: unknown }) => body.tasks, VERSION_RESERVED_BYTES);

export const CreateBenchmark = z
  .strictObject({
    name,
    description: z.optional(description),
    tasks,
    leaderboard_rule: z._default(rule, 'best'),
    daily_submission_limit: z._default(limit, 10),
  })
  .check(tasksFit);

export const UpdateBenchmark = z
  .strictObject({
    name: z.optional(name),
    description: z.optional(description),
    tasks: z.optional(tasks),
    leaderboard_rule: z.optional(rule),
    daily_submission_limit: z.optional(limit),
  })
  .check(
    z.refine((body) => Object.keys(body).length > 0, 'send at least one field'),
    tasksFit,
  );

const TaskView = z.object({
  task_id: z.string(),
  input: z.unknown(),
  expected: z.optional(z.unknown()),
  // Maintainers see the scorer with its parameters; agents only its type (a regex's pattern would give the answer away).
  scorer: z.union([ScorerConfig, z.object({ type: z.string() })]),
  weight: z.number(),
  /** Hidden test sets: private tasks count in `score`, not in `public_score`. */
  split: z.enum(['public', 'private']),
});

export const Benchmark = z.object({
  benchmark_id: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  leaderboard_rule: rule,
  daily_submission_limit: z.number(),
  version: z.number(),
  status: z.enum(['active', 'archived']),
  task_count: z.number(),
  tasks: z.optional(z.array(TaskView)),
  /** When a maintainer revealed the private tasks' scores (POST …/reveal); null until then. */
  revealed_at: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const BenchmarkVersion = z.object({ version: z.number(), task_count: z.number(), created_at: z.string(), created_by: z.string() });

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type BenchmarkView = z.input<typeof Benchmark>;
export type BenchmarkVersionView = z.input<typeof BenchmarkVersion>;
