// POST /v1/agents (maintainer): registers an agent; 201 with its API key, shown this once.
import { agentView } from '#shared/agents/agent.ts';
import { registerAgent } from '#shared/agents/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { created } from '#shared/http/response.ts';
import { CreateAgent } from '#shared/schemas/agents.ts';

export const handler = mutationRoute({ body: CreateAgent }, async ({ body, principal }) => {
  const { agent, apiKey } = await registerAgent(principal!, body);
  return created({ ...agentView(agent), api_key: apiKey }, `/v1/agents/${agent.agentId}`);
});
