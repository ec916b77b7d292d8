// What follows the status write that made a transition, in order: the aggregate delta (sent only
// while it can still land inside the transition's pending window), the pending mark removed, the
// tenant marked dirty for the monitoring coalescer, and `agent.status_changed` published. The
// status write is the fact; each later step is best effort and logged when it fails: a delta that
// never lands stays pending until its window ends, and the reconciler's recount then corrects the
// aggregates (shared/monitoring/reconcile-plan.ts).
//
// Many transitions at once (a gateway's batch of reports, a sweep of silent agents) apply each
// delta right after its own status write, as one does, but announce together: one dirty mark per
// tenant and one publish() of all their events (one seq ADD per channel, batched sends) instead of
// one of each per agent (a status change in a gateway's batch: ~5 table requests instead of ~11).
import { randomBytes } from 'node:crypto';
import { publish, type PlatformEvent } from '#shared/events/publish.ts';
import { requestMonitoringUpdate } from '#shared/queue/monitoring.ts';
import { settleDelta } from '#shared/store/agent-status.ts';
import { addToCell, markDirty } from '#shared/store/aggregates.ts';
import {
  cellDeltas,
  DELTA_BUDGET_MS,
  PENDING_WINDOW_MS,
  stateOf,
  statusChangePriority,
  type LiveState,
  type PendingDelta,
  type StoredStatus,
} from './status.ts';
import { loadLogger, loadMetrics } from '#shared/powertools/on-demand.ts';

export type TransitionReason = 'report' | 'heartbeat_timeout';

/** A status change's delta: it always lands somewhere (only a retirement leaves the aggregates). */
export type ChangeDelta = PendingDelta & { to: LiveState };

export function pendingDelta(from: LiveState | null, to: LiveState, nowMs: number): ChangeDelta;
export function pendingDelta(from: LiveState | null, to: LiveState | null, nowMs: number): PendingDelta;
export function pendingDelta(from: LiveState | null, to: LiveState | null, nowMs: number): PendingDelta {
  return { tx: randomBytes(6).toString('hex'), from: from && stateOf(from), to: to && stateOf(to), untilMs: nowMs + PENDING_WINDOW_MS };
}

/** A status write whose delta is pending: what applyDelta needs. */
export interface DeltaWrite {
  delta: PendingDelta;
  after: Pick<StoredStatus, 'tenantId' | 'agentId'>;
  /** When the status write was sent (epoch ms): the delta's budget counts from here. */
  writtenAtMs: number;
}

export interface Transition extends DeltaWrite {
  delta: ChangeDelta;
  /** The status as the transition left it. */
  after: StoredStatus;
  reason: TransitionReason;
  correlationId: string;
}

/**
 * The delta of one status write, then its pending mark removed: call right after the status
 * write. Never throws (a failure is logged; the reconciler recounts).
 */
export async function applyDelta(write: DeltaWrite, now: () => number = Date.now): Promise<void> {
  const { delta, after } = write;
  const { tenantId, agentId } = after;
  (await loadMetrics()).addMetric('agent_status_transitions', 'Count', 1);
  try {
    let landed = true;
    for (const { placement, by } of cellDeltas(delta.from, delta.to)) {
      if (now() - write.writtenAtMs > DELTA_BUDGET_MS) {
        landed = false;
        break;
      }
      await addToCell(tenantId, placement, by);
    }
    if (landed) await settleDelta(tenantId, agentId, delta.tx);
    else {
      (await loadLogger()).warn('Aggregate delta given up (too late to land safely); the reconciler will recount', {
        tenant_id: tenantId,
        agent_id: agentId,
      });
      (await loadMetrics()).addMetric('monitoring_deltas_abandoned', 'Count', 1);
    }
  } catch (error) {
    (await loadLogger()).error('Aggregate delta failed; the reconciler will recount', {
      tenant_id: tenantId,
      agent_id: agentId,
      error: (error as Error).message,
    });
    (await loadMetrics()).addMetric('monitoring_delta_failures', 'Count', 1);
  }
}

/**
 * After their deltas were applied (applyDelta): one dirty mark per tenant and every
 * `agent.status_changed` in one publish(). Never throws.
 */
export async function announceTransitions(transitions: readonly Transition[], now: () => number = Date.now): Promise<void> {
  if (transitions.length === 0) return;
  const marks = transitions.map(({ after, correlationId }) => ({ tenantId: after.tenantId, correlationId }));
  await Promise.all([markTenantsDirty(marks, now), publishChanges(transitions)]);
}

/** After a retirement's delta: the tenant's dirty mark only (no status changed, so no event). */
export async function announceRetirement(tenantId: string, correlationId: string, now: () => number = Date.now): Promise<void> {
  await markTenantsDirty([{ tenantId, correlationId }], now);
}

/** The dirty mark comes after the deltas: the update a coalescer's claim reads includes them. */
async function markTenantsDirty(marks: readonly { tenantId: string; correlationId: string }[], now: () => number): Promise<void> {
  const tenants = new Map<string, string>();
  for (const { tenantId, correlationId } of marks) if (!tenants.has(tenantId)) tenants.set(tenantId, correlationId);
  await Promise.all(
    [...tenants].map(async ([tenantId, correlationId]) => {
      try {
        const generation = await markDirty(tenantId, now());
        if (generation !== undefined) await requestMonitoringUpdate({ tenant_id: tenantId, generation }, correlationId);
      } catch (error) {
        // The dirty mark goes stale (DIRTY_MARK_STALE_MS) and the next transition or reconciler run sends again.
        (await loadLogger()).error('Monitoring update not requested', { tenant_id: tenantId, error: (error as Error).message });
        (await loadMetrics()).addMetric('monitoring_update_request_failures', 'Count', 1);
      }
    }),
  );
}

export function statusChangedEvent({ delta, after, reason, correlationId }: Transition): PlatformEvent {
  return {
    type: 'agent.status_changed',
    tenantId: after.tenantId,
    channels: [], // the tenant's `events` channel, as every platform event but log lines
    data: {
      agent_id: after.agentId,
      status: delta.to.status,
      previous_status: delta.from?.status ?? null,
      group: delta.to.group,
      location: delta.to.location,
      previous_group: delta.from?.group ?? null,
      previous_location: delta.from?.location ?? null,
      activity: after.activity,
      reason,
      priority: statusChangePriority(delta.to.status),
      changed_at: new Date(after.changedAtMs).toISOString(),
      reported_at: new Date(after.reportedAtMs).toISOString(),
    },
    correlationId,
    occurredAt: new Date(after.changedAtMs).toISOString(),
  };
}

async function publishChanges(transitions: readonly Transition[]): Promise<void> {
  await publish(transitions.map(statusChangedEvent)).catch(async (error: unknown) =>
    (await loadLogger()).error('agent.status_changed not published', error as Error),
  );
}
