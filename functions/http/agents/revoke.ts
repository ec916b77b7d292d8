// Revokes the agent, its keys, its live status (it
// leaves the monitoring summary) and its open connections.
import { revokeAgent } from '#shared/agents/revoke.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = mutationRoute(agentsRoutes['DELETE /v1/agents/{agent_id}'], async ({ path, principal, correlationId }) => {
  await revokeAgent(principal, path.agent_id, correlationId);
  return noContent();
});
