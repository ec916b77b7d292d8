// Counts by status per group (default), per location or per status, over the caller's locations
// (all when it has no list).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { monitoringSummary } from '#shared/monitoring/summary.ts';
import { monitoringRoutes } from '#shared/routes/monitoring.ts';

export const handler = route(monitoringRoutes['GET /v1/monitoring/summary'], async ({ query, principal }) =>
  ok(await monitoringSummary(principal, query.group_by ?? 'group')),
);
