// Submissions API schemas.
// Requests only: the response bodies are in responses/submissions.ts, which no function's bundle builds.
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
