// POST /v1/monitoring/status (maintainer): up to 100 status reports of the tenant's agents in one
// call (a gateway reporting for many agents). 200 with one result per report, in order: changed,
// unchanged, stale, or failed with an error code (not_found, conflict, validation_failed, unavailable).
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { reportStatuses, statusView } from '#shared/monitoring/report.ts';
import { BatchStatusReports } from '#shared/schemas/monitoring.ts';

export const handler = mutationRoute({ body: BatchStatusReports }, async ({ body, principal, correlationId }) => {
  const results = await reportStatuses(principal!, body.reports, { correlationId });
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  return ok({
    results: results.map(({ agent_id, outcome, status, error }) => ({ ...(status ? statusView(status) : { agent_id }), outcome, ...(error ? { error } : {}) })),
    changed: count('changed'),
    unchanged: count('unchanged'),
    stale: count('stale'),
    failed: count('failed'),
  });
});
