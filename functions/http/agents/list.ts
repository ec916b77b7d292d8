// The tenant's agents, oldest first, paged.
import { agentView } from '#shared/agents/agent.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { agentsPage } from '#shared/store/agents.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = route(agentsRoutes['GET /v1/agents'], async ({ query, principal }) => {
  const page = await agentsPage(principal.tenantId, query.limit, query.cursor);
  return ok({ items: page.agents.map(agentView), next_cursor: page.nextCursor });
});
