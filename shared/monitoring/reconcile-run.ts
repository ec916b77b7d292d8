// The scheduled reconciler (every minute): for each tenant with live status items, recount the
// agents' states and overwrite the aggregate items that drifted — only where provably right
// (shared/monitoring/reconcile-plan.ts). Items an in-flight delta still holds back are tried again a
// few times within the run. Dashboards hear about a correction like about any change.
import { setTimeout as pause } from 'node:timers/promises';
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { requestMonitoringUpdate } from '#shared/queue/monitoring.ts';
import { monitoredTenants, settleDelta, statusesOf } from '#shared/store/agent-status.ts';
import { cellsOf, markDirty, overwriteCell, readUpdateSlot } from '#shared/store/aggregates.ts';
import { DIRTY_MARK_STALE_MS } from './coalesce.ts';
import { planReconciliation } from './reconcile-plan.ts';

export interface ReconcileResult {
  tenants: number;
  /** Aggregate items overwritten with their recount. */
  corrected: number;
  /** Drifted items still held back by in-flight deltas (or by deltas landing) after every attempt. */
  heldBack: number;
  /** Dead writers' pending deltas cleared. */
  expired: number;
}

/** Attempts per tenant and run, and the pause between them (in-flight deltas land within milliseconds). */
export const RECONCILE_ATTEMPTS = 4;
const PAUSE_MS = 250;

export async function reconcileAll(correlationId: string, now: () => number = Date.now): Promise<ReconcileResult> {
  const total: ReconcileResult = { tenants: 0, corrected: 0, heldBack: 0, expired: 0 };
  for (const tenantId of await monitoredTenants()) {
    const result = await reconcileTenant(tenantId, correlationId, now);
    total.tenants += 1;
    total.corrected += result.corrected;
    total.heldBack += result.heldBack;
    total.expired += result.expired;
  }
  return total;
}

export async function reconcileTenant(tenantId: string, correlationId: string, now: () => number = Date.now) {
  let corrected = 0;
  let heldBack = 0;
  let expired = 0;
  for (let attempt = 1; attempt <= RECONCILE_ATTEMPTS; attempt++) {
    // The order is the proof: aggregate versions first, then the agents' states (both consistent).
    const cells = await cellsOf(tenantId, true);
    const statuses = await statusesOf(tenantId);
    const plan = planReconciliation(cells, statuses, now());
    let fixed = 0;
    for (const write of plan.writes) if (await overwriteCell(tenantId, write)) fixed += 1;
    for (const { agentId, tx } of plan.expired) await settleDelta(tenantId, agentId, tx);
    corrected += fixed;
    expired += plan.expired.length;
    heldBack = plan.drifted - fixed;
    if (heldBack === 0) break;
    if (attempt < RECONCILE_ATTEMPTS) await pause(PAUSE_MS);
  }
  if (corrected > 0) {
    logger.warn('Monitoring aggregates corrected by the recount', { tenant_id: tenantId, corrected });
    metrics.addMetric('monitoring_cells_corrected', 'Count', corrected);
  }
  if (heldBack > 0) metrics.addMetric('monitoring_cells_held_back', 'Count', heldBack);
  await requestUpdateIfNeeded(tenantId, corrected > 0, correlationId, now());
  return { corrected, heldBack, expired };
}

/** After a correction, and whenever a dirty mark lost its message (a writer died between the two). */
async function requestUpdateIfNeeded(tenantId: string, corrected: boolean, correlationId: string, nowMs: number): Promise<void> {
  const slot = await readUpdateSlot(tenantId);
  const lostMessage = slot.dirtySinceMs !== null && nowMs - slot.dirtySinceMs > DIRTY_MARK_STALE_MS;
  if (!corrected && !lostMessage) return;
  const generation = await markDirty(tenantId, nowMs);
  if (generation !== undefined) await requestMonitoringUpdate({ tenant_id: tenantId, generation }, correlationId);
}
