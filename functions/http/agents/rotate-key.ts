// A new API key (shown once); the old one is
// revoked at once or after `grace_period_seconds`.
import { agentView } from '#shared/agents/agent.ts';
import { rotateAgentKey } from '#shared/agents/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = mutationRoute(agentsRoutes['POST /v1/agents/{agent_id}/keys'], async ({ path, body, principal }) => {
  const { agent, apiKey } = await rotateAgentKey(principal, path.agent_id, body?.grace_period_seconds ?? 0);
  return ok({ ...agentView(agent), api_key: apiKey });
});
