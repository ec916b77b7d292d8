// Renames or re-describes an active agent.
import { agentView } from '#shared/agents/agent.ts';
import { updateAgent } from '#shared/agents/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = mutationRoute(agentsRoutes['PATCH /v1/agents/{agent_id}'], async ({ path, body, principal }) =>
  ok(agentView(await updateAgent(principal, path.agent_id, body))),
);
