// Submissions and leaderboard schemas.
import * as z from 'zod/mini';
import { AgentId } from './agents.ts';
import { PageQuery } from './common.ts';
import { storableJson, storedWithin } from './stored-json.ts';

export const SubmissionId = z.string().check(z.regex(/^sub_[0-9a-z]{26}$/, 'must be a submission id (sub_…)'));
export const SubmissionPath = z.object({ submission_id: SubmissionId });

export const MAX_ANSWERS = 500;
export const SubmissionStatus = z.enum(['queued', 'scoring', 'scored', 'failed', 'cancelled']);

/**
 * Room a submission's item keeps for what the platform adds to it (keys, transitions, and the
 * results of up to 500 tasks, ~280 bytes each), so answers and metadata may take 256 KiB as stored.
 */
export const SUBMISSION_RESERVED_BYTES = 144 * 1024;

export const CreateSubmission = z
  .strictObject({
    // Stored as the item's `answers` list of maps: an output sits 3 levels down (item, list, map).
    answers: z
      .array(z.strictObject({ task_id: z.string().check(z.minLength(1), z.maxLength(128)), output: z.unknown().check(storableJson(3)) }))
      .check(z.minLength(1), z.maxLength(MAX_ANSWERS)),
    metadata: z.optional(z.record(z.string().check(z.maxLength(128)), z.unknown()).check(storableJson(1))),
  })
  .check(storedWithin('the answers and metadata', (body) => ({ answers: body.answers, metadata: body.metadata }), SUBMISSION_RESERVED_BYTES));

export const SubmissionListQuery = z.extend(PageQuery, {
  agent_id: z.optional(AgentId),
  status: z.optional(SubmissionStatus),
});

export const LeaderboardQuery = z.extend(PageQuery, {
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
});

/** A scored submission's 95% percentile-bootstrap interval (README "Uncertainty on every score"); null until scored. */
export const ConfidenceInterval = z.object({ level: z.number(), low: z.number(), high: z.number(), method: z.literal('bootstrap') });

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
  results: z.nullable(
    z.array(
      z.object({
        task_id: z.string(),
        score: z.number(),
        weight: z.number(),
        answered: z.boolean(),
        detail: z.optional(z.string()),
        /** Present on a private task's result (shown only to whoever may see it). */
        split: z.optional(z.literal('private')),
      }),
    ),
  ),
  failure_reason: z.nullable(z.string()),
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  /** How many answers were submitted (the answers themselves are not returned). */
  answer_count: z.number(),
  transitions: z.array(z.object({ status: SubmissionStatus, at: z.string() })),
  created_at: z.string(),
  updated_at: z.string(),
});

export const LeaderboardEntry = z.object({
  rank: z.number(),
  agent_id: z.string(),
  /** Null for agents and viewers until the reveal when the version has private tasks (README "Hidden test sets"). */
  score: z.nullable(z.number()),
  /** Over the public tasks only; equal to `score` when none is private. */
  public_score: z.number(),
  /** Of the entry's submission; null for entries placed before intervals were computed (until a rescore). */
  confidence_interval: z.nullable(ConfidenceInterval),
  stderr: z.nullable(z.number()),
  submission_id: z.string(),
  achieved_at: z.string(),
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
