// One agent of the caller's tenant.
import { agentView } from '#shared/agents/agent.ts';
import { getAgent } from '#shared/agents/operations.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = route(agentsRoutes['GET /v1/agents/{agent_id}'], async ({ path, principal }) =>
  ok(agentView(await getAgent(principal, path.agent_id))),
);
