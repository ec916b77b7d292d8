// Registers an agent; 201 with its API key, shown this once.
import { agentView } from '#shared/agents/agent.ts';
import { registerAgent } from '#shared/agents/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { created } from '#shared/http/response.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = mutationRoute(agentsRoutes['POST /v1/agents'], async ({ body, principal }) => {
  const { agent, apiKey } = await registerAgent(principal, body);
  return created({ ...agentView(agent), api_key: apiKey }, `/v1/agents/${agent.agentId}`);
});
