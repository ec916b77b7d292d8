// `GET /health`: one check per dependency.
import * as z from 'zod/mini';

export const HealthCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  latency_ms: z.number(),
  error: z.optional(z.string()),
});

export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.array(HealthCheck),
});
