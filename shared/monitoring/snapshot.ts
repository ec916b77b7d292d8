// The monitoring channel's snapshot: the tenant's grouped counts as a subscriber first sees them,
// in the shape of every later update (`kind: 'summary'`, `as_of`, `by_location`), limited to the
// locations the principal may see (null: all). The subscribe handler (shared/realtime) calls it.
import type { Principal } from '#shared/auth/principal.ts';
import { cellsOf } from '#shared/store/aggregates.ts';
import { monitoringData, visibleCells } from './counts.ts';

export async function monitoringSnapshot(principal: Principal) {
  const cells = await cellsOf(principal.tenantId);
  return { kind: 'summary', ...monitoringData(visibleCells(cells, principal.locations), new Date()) };
}
