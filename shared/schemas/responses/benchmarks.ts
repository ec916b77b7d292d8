// Benchmarks: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../benchmarks.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { ScorerConfig } from '../scorers.ts';
import { LeaderboardRule } from '../benchmarks.ts';

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
  leaderboard_rule: LeaderboardRule,
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
