// Up to 100 status reports of the tenant's agents in one
// call (a gateway reporting for many agents). 200 with one result per report, in order: changed,
// unchanged, stale, or failed with an error code (not_found, conflict, validation_failed, unavailable).
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { batchView, reportStatuses } from '#shared/monitoring/report.ts';
import { monitoringRoutes } from '#shared/routes/monitoring.ts';

export const handler = mutationRoute(monitoringRoutes['POST /v1/monitoring/status'], async ({ body, principal, correlationId }) =>
  ok(batchView(await reportStatuses(principal, body.reports, { correlationId }))),
);
