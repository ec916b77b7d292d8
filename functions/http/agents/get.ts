// GET /v1/agents/{agent_id} (viewer): one agent of the caller's tenant.
import { agentView } from '#shared/agents/agent.ts';
import { getAgent } from '#shared/agents/operations.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { AgentPath } from '#shared/schemas/agents.ts';

export const handler = httpRoute({ path: AgentPath }, async ({ path, principal }) => ok(agentView(await getAgent(principal!, path.agent_id))));
