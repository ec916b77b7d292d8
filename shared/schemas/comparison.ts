// Comparing two agents on a benchmark (GET …/compare): the query and the answer.
import * as z from 'zod/mini';
import { AgentId } from './ids.ts';

export const CompareQuery = z.object({
  a: AgentId,
  b: AgentId,
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
});

const ComparedAgent = z.object({ agent_id: z.string(), submission_id: z.string(), score: z.number() });

export const Comparison = z.object({
  benchmark_id: z.string(),
  version: z.number(),
  a: ComparedAgent,
  b: ComparedAgent,
  tasks_compared: z.number(),
  /** Weighted mean of a's task score − b's over the tasks compared. */
  mean_difference: z.number(),
  confidence_interval: z.object({ level: z.number(), low: z.number(), high: z.number(), method: z.literal('paired_bootstrap') }),
  /** Two-sided paired sign-flip permutation test (README "Comparing two agents"). */
  p_value: z.number(),
  a_better: z.number(),
  b_better: z.number(),
  ties: z.number(),
});

export type ComparisonView = z.input<typeof Comparison>;
