// Agents API schemas.
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

export const Agent = z.object({
  agent_id: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  status: z.enum(['active', 'revoked']),
  key_hint: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
  revoked_at: z.nullable(z.string()),
});

/** Create and rotate answer with the key: the only time it is ever shown. */
export const AgentWithKey = z.extend(Agent, { api_key: z.string() });

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type AgentView = z.input<typeof Agent>;
