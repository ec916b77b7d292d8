// The agent's live status —
// status, group, location, activity, and when it was observed. A heartbeat touches only the
// agent's status item; a transition also moves the aggregates and raises agent.status_changed; an
// older report than the stored one changes nothing. Rate-limited per agent ("status" bucket),
// not audited one by one.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { reportStatus, statusView } from '#shared/monitoring/report.ts';
import { agentsRoutes } from '#shared/routes/agents.ts';

export const handler = mutationRoute(agentsRoutes['PUT /v1/agents/{agent_id}/status'], async ({ path, body, principal, correlationId }) => {
  const { outcome, status } = await reportStatus(principal, path.agent_id, body, { correlationId });
  return ok({ ...statusView(status), outcome });
});
