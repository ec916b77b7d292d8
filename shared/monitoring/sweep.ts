// The offline sweeper: agents silent for longer than the heartbeat timeout become `offline`. Each
// is a transition like any reported one (aggregates, dirty mark, agent.status_changed), written on
// the condition that the agent is still exactly as read and still silent, so a heartbeat arriving
// meanwhile wins. The sweep keeps the agent's last reported_at: offline is inferred, not reported,
// so any newer report brings the agent back, and a late copy of an old one does not. A tenant's
// sweep announces its transitions together: one dirty mark, one publish of every event.
import { forEachConcurrently } from '#shared/concurrency.ts';
import { monitoredTenants, moveStatus, silentStatuses } from '#shared/store/agent-status.ts';
import { isSilent, stateOf, type StoredStatus } from './status.ts';
import { announceTransitions, applyDelta, pendingDelta, type Transition } from './transition.ts';

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
    const transitions: Transition[] = [];
    await forEachConcurrently(silent, SWEEP_CONCURRENCY, async (stored) => {
      const transition = await markOffline(stored, cutoffMs, correlationId, now);
      if (transition) transitions.push(transition);
    });
    await announceTransitions(transitions, now);
    swept += transitions.length;
  }
  return { tenants: tenants.length, swept };
}

async function markOffline(stored: StoredStatus, cutoffMs: number, correlationId: string, now: () => number): Promise<Transition | undefined> {
  const writtenAtMs = now();
  const to = { ...stateOf(stored), status: 'offline' as const };
  const delta = pendingDelta(stateOf(stored), to, writtenAtMs);
  const next = { state: to, activity: null, reportedAtMs: stored.reportedAtMs, lastSeenMs: stored.lastSeenMs };
  if (!(await moveStatus(stored, next, writtenAtMs, delta, cutoffMs))) return undefined;
  const after: StoredStatus = { ...stored, ...to, activity: null, changedAtMs: writtenAtMs, transitions: stored.transitions + 1, pending: [] };
  const transition: Transition = { delta, after, writtenAtMs, reason: 'heartbeat_timeout', correlationId };
  await applyDelta(transition, now);
  return transition;
}
