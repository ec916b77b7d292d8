// Submissions: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../submissions.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { SubmissionStatus, Usage } from '../submissions.ts';

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

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type SubmissionView = z.input<typeof Submission>;
