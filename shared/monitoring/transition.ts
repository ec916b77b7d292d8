// What follows the status write that made a transition, in order: the aggregate delta (sent only
// while it can still land inside the transition's pending window), the pending mark removed, the
// tenant marked dirty for the monitoring coalescer, and `agent.status_changed` published. The
// status write is the fact; each later step is best effort and logged when it fails: a delta that
// never lands stays pending until its window ends, and the reconciler's recount then corrects the
// aggregates (shared/monitoring/reconcile.ts).
import { randomBytes } from 'node:crypto';
import { publish } from '#shared/events/publish.ts';
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { requestMonitoringUpdate } from '#shared/queue/monitoring.ts';
import { settleDelta } from '#shared/store/agent-status.ts';
import { addToCell, markDirty } from '#shared/store/aggregates.ts';
import { cellDeltas, DELTA_BUDGET_MS, PENDING_WINDOW_MS, stateOf, statusChangePriority, type LiveState, type PendingDelta, type StoredStatus } from './status.ts';

export type TransitionReason = 'report' | 'heartbeat_timeout';

export function pendingDelta(from: LiveState | null, to: LiveState, nowMs: number): PendingDelta {
  return { tx: randomBytes(6).toString('hex'), from: from && stateOf(from), to: stateOf(to), untilMs: nowMs + PENDING_WINDOW_MS };
}

export interface Transition {
  delta: PendingDelta;
  /** The status as the transition left it. */
  after: StoredStatus;
  /** When the status write was sent (epoch ms): the delta's budget counts from here. */
  writtenAtMs: number;
  reason: TransitionReason;
  correlationId: string;
}

export async function afterTransition(transition: Transition, now: () => number = Date.now): Promise<void> {
  metrics.addMetric('agent_status_transitions', 'Count', 1);
  // The event does not wait for the aggregates, nor they for it: both only follow the status write.
  await Promise.all([updateAggregates(transition, now), publishChange(transition)]);
}

/** The delta, then the pending mark removed, then the dirty mark: the update a claim reads includes the delta. */
async function updateAggregates(transition: Transition, now: () => number): Promise<void> {
  const { delta, after, correlationId } = transition;
  const { tenantId, agentId } = after;
  try {
    let landed = true;
    for (const { placement, by } of cellDeltas(delta.from, delta.to)) {
      if (now() - transition.writtenAtMs > DELTA_BUDGET_MS) {
        landed = false;
        break;
      }
      await addToCell(tenantId, placement, by);
    }
    if (landed) await settleDelta(tenantId, agentId, delta.tx);
    else {
      logger.warn('Aggregate delta given up (too late to land safely); the reconciler will recount', { tenant_id: tenantId, agent_id: agentId });
      metrics.addMetric('monitoring_deltas_abandoned', 'Count', 1);
    }
  } catch (error) {
    logger.error('Aggregate delta failed; the reconciler will recount', { tenant_id: tenantId, agent_id: agentId, error: (error as Error).message });
    metrics.addMetric('monitoring_delta_failures', 'Count', 1);
  }

  try {
    const generation = await markDirty(tenantId, now());
    if (generation !== undefined) await requestMonitoringUpdate({ tenant_id: tenantId, generation }, correlationId);
  } catch (error) {
    // The dirty mark goes stale (DIRTY_MARK_STALE_MS) and the next transition or reconciler run sends again.
    logger.error('Monitoring update not requested', { tenant_id: tenantId, error: (error as Error).message });
    metrics.addMetric('monitoring_update_request_failures', 'Count', 1);
  }
}

async function publishChange({ delta, after, reason, correlationId }: Transition): Promise<void> {
  await publish([
    {
      type: 'agent.status_changed',
      tenantId: after.tenantId,
      channels: ['events'],
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
    },
  ]).catch((error: unknown) => logger.error('agent.status_changed not published', error as Error));
}
