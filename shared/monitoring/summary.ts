// GET /v1/monitoring/summary: the tenant's counts by status per group (or location, or status),
// over the locations the caller may see (null: all). Read from the aggregates, not the agents.
import type { Principal } from '#shared/auth/principal.ts';
import { cellsOf } from '#shared/store/aggregates.ts';
import { summarise, type GroupBy } from './counts.ts';

export async function monitoringSummary(principal: Principal, groupBy: GroupBy, now = new Date()) {
  // Consistent: a report acknowledged before this read is in it.
  const summary = summarise(await cellsOf(principal.tenantId, true), groupBy, principal.locations);
  return {
    group_by: summary.groupBy,
    as_of: now.toISOString(),
    locations: principal.locations,
    totals: summary.totals,
    total: summary.total,
    items: summary.rows,
  };
}
