// PATCH /v1/agents/{agent_id} (maintainer): renames or re-describes an active agent.
import { agentView } from '#shared/agents/agent.ts';
import { updateAgent } from '#shared/agents/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { AgentPath, UpdateAgent } from '#shared/schemas/agents.ts';

export const handler = mutationRoute({ path: AgentPath, body: UpdateAgent }, async ({ path, body, principal }) =>
  ok(agentView(await updateAgent(principal!, path.agent_id, body))),
);
