// Baselines: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../baselines.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';

export const Baseline = z.object({
  baseline_id: z.string(),
  benchmark_id: z.string(),
  version: z.number(),
  name: z.string(),
  score: z.number(),
  cost_usd: z.nullable(z.number()),
  created_at: z.string(),
  created_by: z.string(),
});

export const BaselineList = z.object({ benchmark_id: z.string(), version: z.number(), items: z.array(Baseline) });

export type BaselineView = z.input<typeof Baseline>;
