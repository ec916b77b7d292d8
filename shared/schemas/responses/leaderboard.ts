// Leaderboards: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../leaderboard.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { ConfidenceInterval } from './submissions.ts';

export const LeaderboardEntry = z.object({
  /** null on a baseline: baselines take no rank. */
  rank: z.nullable(z.number()),
  /** null on a baseline. */
  agent_id: z.nullable(z.string()),
  /** Null for agents and viewers until the reveal when the version has private tasks (README "Hidden test sets"). */
  score: z.nullable(z.number()),
  /** Over the public tasks only; equal to `score` when none is private (a baseline's: its score). */
  public_score: z.number(),
  /** Of the entry's submission; null for entries placed before intervals were computed (until a rescore). */
  confidence_interval: z.nullable(ConfidenceInterval),
  stderr: z.nullable(z.number()),
  /** The submission's `usage.cost_usd` (a baseline's own); null when it reported none. */
  cost_usd: z.nullable(z.number()),
  /** On the board's cost–score Pareto frontier: no other entry has a score ≥ and a cost ≤, one strictly better. Never without a cost; never a baseline. */
  pareto: z.boolean(),
  /** null on a baseline. */
  submission_id: z.nullable(z.string()),
  /** A baseline's: when it was placed. */
  achieved_at: z.string(),
  /** true: a baseline (POST …/baselines), at its score among the agents, without a rank. */
  baseline: z.boolean(),
  /** The baseline's name and id; null on an agent's entry. */
  name: z.nullable(z.string()),
  baseline_id: z.nullable(z.string()),
});

export const Leaderboard = z.object({
  benchmark_id: z.string(),
  version: z.number(),
  leaderboard_rule: z.enum(['best', 'latest']),
  /** What ranks the board: `public` (public_score) until the reveal when the version has private tasks, else `full` (score). */
  ordering: z.enum(['public', 'full']),
  items: z.array(LeaderboardEntry),
  next_cursor: z.nullable(z.string()),
});

export const TaskSplit = z.enum(['public', 'private']);

export const LeaderboardTasks = z.object({
  benchmark_id: z.string(),
  version: z.number(),
  tasks: z.array(
    z.object({
      task_id: z.string(),
      split: TaskSplit,
      /** The page's agents in rank order, each with its leaderboard submission's score on this task. */
      agents: z.array(z.object({ agent_id: z.string(), score: z.number(), samples: z.number() })),
    }),
  ),
  /** The next page of the board's agents (the same tasks); null after the last. */
  next_cursor: z.nullable(z.string()),
});

export type LeaderboardEntryView = z.input<typeof LeaderboardEntry>;
export type LeaderboardTasksView = z.input<typeof LeaderboardTasks>;
