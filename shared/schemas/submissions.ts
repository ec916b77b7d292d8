// Submissions and leaderboard schemas.
import * as z from 'zod/mini';
import { AgentId } from './ids.ts';
import { MAX_ATTEMPTS } from '#shared/scoring/attempts.ts';
import { PageQuery } from './common.ts';
import { storableJson, storedWithin } from './stored-json.ts';

export const MAX_ANSWERS = 500;
export const SubmissionStatus = z.enum(['queued', 'scoring', 'scored', 'failed', 'cancelled']);

/**
 * Room a submission's item keeps for what the platform adds to it (keys, transitions, and the
 * results of up to 500 tasks, ~280 bytes each at most: 128-character ids, attempt counts, the longest
 * detail), so answers and metadata may take 256 KiB as stored.
 */
export const SUBMISSION_RESERVED_BYTES = 144 * 1024;

// Repeated attempts (README "Repeated attempts and pass@k"): an attempt in `outputs` sits one level
// deeper than `output`, 4 levels down (item, answers list, answer map, outputs list).
const AttemptOutputs = z
  .array(z.unknown().check(storableJson(4)), 'outputs must be a list of attempts')
  .check(
    z.minLength(1, `outputs must hold 1 to ${MAX_ATTEMPTS} attempts`),
    z.maxLength(MAX_ATTEMPTS, `outputs must hold 1 to ${MAX_ATTEMPTS} attempts`),
    z.describe(`1 to ${MAX_ATTEMPTS} attempts at the task, each scored by its scorer (instead of output)`),
  );
const oneOfOutputOrOutputs = z.superRefine((answer: { output?: unknown; outputs?: unknown[] }, ctx) => {
  const both = answer.output !== undefined && answer.outputs !== undefined;
  if (both || (answer.output === undefined && answer.outputs === undefined))
    ctx.issues.push({
      code: 'custom',
      input: answer,
      message: `an answer ${both ? 'carries' : 'needs'} output (one attempt) or outputs (1 to ${MAX_ATTEMPTS} attempts)${both ? ', not both' : ''}`,
    });
});

const MAX_USAGE_TOKENS = 1e12;
const usageTokens = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_USAGE_TOKENS));

/** What a submission cost (README "Cost and usage"): each figure optional, non-negative; tokens and milliseconds whole. */
export const Usage = z.strictObject({
  input_tokens: z.optional(usageTokens),
  output_tokens: z.optional(usageTokens),
  cost_usd: z.optional(z.number().check(z.minimum(0), z.maximum(1e9))),
  duration_ms: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1e12))),
});

export const CreateSubmission = z
  .strictObject({
    // Stored as the item's `answers` list of maps: an output sits 3 levels down (item, list, map).
    answers: z
      .array(
        z
          .strictObject({
            task_id: z.string().check(z.minLength(1), z.maxLength(128)),
            output: z.optional(z.unknown().check(storableJson(3), z.describe('One attempt at the task (or give outputs)'))),
            outputs: z.optional(AttemptOutputs),
          })
          .check(oneOfOutputOrOutputs),
      )
      .check(z.minLength(1), z.maxLength(MAX_ANSWERS)),
    metadata: z.optional(z.record(z.string().check(z.maxLength(128)), z.unknown()).check(storableJson(1))),
    usage: z.optional(Usage),
  })
  .check(storedWithin('the answers and metadata', (body) => ({ answers: body.answers, metadata: body.metadata }), SUBMISSION_RESERVED_BYTES));

export const SubmissionListQuery = z.extend(PageQuery, {
  agent_id: z.optional(AgentId),
  status: z.optional(SubmissionStatus),
});

export const LeaderboardQuery = z.extend(PageQuery, {
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  /** `score` (default): the rank order; `cost`: cheapest first, entries without a cost last, ties by the rank order. */
  sort: z._default(z.enum(['score', 'cost']), 'score'),
});

/** A scored submission's 95% percentile-bootstrap interval (README "Uncertainty on every score"); null until scored. */
export const ConfidenceInterval = z.object({ level: z.number(), low: z.number(), high: z.number(), method: z.literal('bootstrap') });

/** pass@k over repeated attempts (README "Repeated attempts and pass@k"); null until scored. */
export const PassAtK = z
  .object({ '1': z.number(), '5': z.optional(z.number()), '10': z.optional(z.number()) })
  .check(z.describe('For k = 1, 5, 10: "1" always, the others when every answered task has at least k attempts'));

export const Submission = z.object({
  submission_id: z.string(),
  benchmark_id: z.string(),
  agent_id: z.string(),
  version: z.number(),
  status: SubmissionStatus,
  /** Over all tasks; null for agents and viewers until the reveal when the version has private tasks (README "Hidden test sets"). */
  score: z.nullable(z.number()),
  /** Over the public tasks only; equal to `score` when none is private. */
  public_score: z.nullable(z.number()),
  confidence_interval: z.nullable(ConfidenceInterval),
  stderr: z.nullable(z.number()),
  /** As reported with the answers, or else the totals of its trace spans once scored; null when none. */
  usage: z.nullable(Usage),
  results: z.nullable(
    z.array(
      z.object({
        task_id: z.string(),
        score: z.number(),
        weight: z.number(),
        answered: z.boolean(),
        detail: z.optional(z.string()),
        samples: z.number().check(z.describe('Attempts scored (n): 1 for output, the length of outputs, 0 when unanswered')),
        correct: z.number().check(z.describe("Attempts scoring ≥ the scorer's pass_threshold (c)")),
        /** Present on a private task's result (shown only to whoever may see it). */
        split: z.optional(z.literal('private')),
      }),
    ),
  ),
  pass_at_k: z.nullable(PassAtK),
  failure_reason: z.nullable(z.string()),
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  /** How many answers were submitted (the answers themselves are not returned). */
  answer_count: z.number(),
  transitions: z.array(z.object({ status: SubmissionStatus, at: z.string() })),
  created_at: z.string(),
  updated_at: z.string(),
});

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

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type SubmissionView = z.input<typeof Submission>;
export type LeaderboardEntryView = z.input<typeof LeaderboardEntry>;
