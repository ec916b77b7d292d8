// The offline sweeper: agents silent for longer than the heartbeat timeout become `offline`. Each
// is a transition like any reported one (aggregates, dirty mark, agent.status_changed), written on
// the condition that the agent is still exactly as read and still silent, so a heartbeat arriving
// meanwhile wins. The sweep keeps the agent's last reported_at: offline is inferred, not reported,
// so any newer report brings the agent back, and a late copy of an old one does not.
import { monitoredTenants, moveStatus, silentStatuses } from '#shared/store/agent-status.ts';
import { isSilent, stateOf, type StoredStatus } from './status.ts';
import { afterTransition, pendingDelta } from './transition.ts';

export interface SweepResult {
  tenants: number;
  swept: number;
}

/** Agents marked offline side by side (a site going dark is thousands of transitions at once). */
const SWEEP_CONCURRENCY = 10;

export async function sweepSilentAgents(timeoutSeconds: number, correlationId: string, now: () => number = Date.now): Promise<SweepResult> {
  const tenants = await monitoredTenants();
  let swept = 0;
  for (const tenantId of tenants) {
    const cutoffMs = now() - timeoutSeconds * 1000;
    const silent = (await silentStatuses(tenantId, cutoffMs)).filter((stored) => isSilent(stored, cutoffMs));
    let next = 0;
    const lane = async () => {
      while (next < silent.length) if (await markOffline(silent[next++]!, cutoffMs, correlationId, now)) swept += 1;
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, silent.length) }, lane));
  }
  return { tenants: tenants.length, swept };
}

async function markOffline(stored: StoredStatus, cutoffMs: number, correlationId: string, now: () => number): Promise<boolean> {
  const writtenAtMs = now();
  const to = { ...stateOf(stored), status: 'offline' as const };
  const delta = pendingDelta(stateOf(stored), to, writtenAtMs);
  const next = { state: to, activity: null, reportedAtMs: stored.reportedAtMs, lastSeenMs: stored.lastSeenMs };
  if (!(await moveStatus(stored, next, writtenAtMs, delta, cutoffMs))) return false;
  const after: StoredStatus = { ...stored, ...to, activity: null, changedAtMs: writtenAtMs, transitions: stored.transitions + 1, pending: [] };
  await afterTransition({ delta, after, writtenAtMs, reason: 'heartbeat_timeout', correlationId }, now);
  return true;
}
