// GET /v1/agents (viewer): the tenant's agents, oldest first, paged.
import { agentView } from '#shared/agents/agent.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { agentsPage } from '#shared/store/agents.ts';

export const handler = httpRoute({ query: PageQuery }, async ({ query, principal }) => {
  const page = await agentsPage(principal!.tenantId, query.limit, query.cursor);
  return ok({ items: page.agents.map(agentView), next_cursor: page.nextCursor });
});
