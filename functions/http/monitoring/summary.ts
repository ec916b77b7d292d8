// GET /v1/monitoring/summary?group_by=group|location|status (viewer): counts by status per group
// (default), per location or per status, over the caller's locations (all when it has no list).
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { monitoringSummary } from '#shared/monitoring/summary.ts';
import { SummaryQuery } from '#shared/schemas/monitoring.ts';

export const handler = httpRoute({ query: SummaryQuery }, async ({ query, principal }) =>
  ok(await monitoringSummary(principal!, query.group_by ?? 'group')),
);
