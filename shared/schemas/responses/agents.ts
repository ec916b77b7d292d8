// Agents: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../agents.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';

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
