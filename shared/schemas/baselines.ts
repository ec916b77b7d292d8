// Baselines API schemas: reference scores a maintainer places on a benchmark version's leaderboard.
// Requests only: the response bodies are in responses/baselines.ts, which no function's bundle builds.
import * as z from 'zod/mini';

const version = z.number().check(z.int(), z.minimum(1));

export const CreateBaseline = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** Kept to 6 decimals, like a submission's score. */
  score: z.number().check(z.minimum(0), z.maximum(1)),
  cost_usd: z.optional(z.number().check(z.minimum(0), z.maximum(1e6))),
  /** Default: the benchmark's current version. */
  version: z.optional(version),
});

export const BaselineListQuery = z.object({
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
});
