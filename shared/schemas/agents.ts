// Agents API schemas.
// Requests only: the response bodies are in responses/agents.ts, which no function's bundle builds.
import * as z from 'zod/mini';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const description = z.string().check(z.maxLength(1000));

export const CreateAgent = z.strictObject({ name, description: z.optional(description) });

export const UpdateAgent = z
  .strictObject({ name: z.optional(name), description: z.optional(z.nullable(description)) })
  .check(z.refine((body) => body.name !== undefined || body.description !== undefined, 'send name or description'));

export const RotateAgentKey = z.optional(
  z.strictObject({
    /** Seconds the old key keeps working (default 0: revoked at once). */
    grace_period_seconds: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(7 * 86_400))),
  }),
);
