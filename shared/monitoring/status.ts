// Live agent status: what a report is, when it wins over the stored one, and what a transition is.
// Plain TypeScript: no AWS types.
//
// A report carries the agent's whole live state (status, group, location, activity) and the time
// it was observed (`reported_at`, default: when it arrived). Reports are ordered by that time: a
// report older than — or as old as — the stored one never overwrites it, so duplicates and
// out-of-order deliveries are harmless. A report that keeps status, group and location is a
// heartbeat; one that changes any of them is a transition, and only transitions touch the
// aggregates (group × location × status) and raise `agent.status_changed`.
import { AppError } from '#shared/http/errors.ts';
import { priorityOfPlatformEvent } from '#shared/integrations/priority.ts';
import type { AgentLiveStatusView, BatchStatusResultView } from '#shared/schemas/responses/monitoring.ts';

export const AGENT_STATUSES = ['online', 'busy', 'idle', 'error', 'offline'] as const;
export type LiveStatus = (typeof AGENT_STATUSES)[number];

/** Where an agent is counted: one aggregate item per group × location holds a count per status. */
export interface Placement {
  group: string;
  location: string;
}

export interface LiveState extends Placement {
  status: LiveStatus;
}

export interface StatusReport extends LiveState {
  activity: string | null;
  /** When the state was observed (epoch ms): the order between reports. */
  reportedAtMs: number;
}

/**
 * A transition written to the agent's status item whose aggregate delta may not have landed yet.
 * The writer removes it once the delta is applied; a writer that dies leaves it behind, and after
 * `untilMs` (longer than any writer can still be applying it) the reconciler knows nobody will.
 */
export interface PendingDelta {
  tx: string;
  from: LiveState | null;
  /** Null: the agent leaves the aggregates (it was revoked). */
  to: LiveState | null;
  untilMs: number;
}

export interface StoredStatus extends LiveState {
  tenantId: string;
  agentId: string;
  activity: string | null;
  reportedAtMs: number;
  lastSeenMs: number;
  changedAtMs: number;
  /** Transitions so far: with reportedAtMs, the version a conditional write expects. */
  transitions: number;
  pending: PendingDelta[];
  /**
   * The agent was revoked (epoch ms): its item is a tombstone, counted nowhere, until the retirement's
   * delta lands and the item is deleted (or, if that writer died, the reconciler deletes it).
   */
  retiredAtMs: number | null;
}

/** A report may be this far ahead of the server's clock (clock skew) before it is refused. */
export const MAX_FUTURE_SKEW_MS = 60_000;

/**
 * How long a transition's aggregate delta may still land after the status write: the writer gives
 * up on a delta it has not sent within DELTA_BUDGET_MS of its status write, and a sent one lands
 * within the store client's retries (3 attempts of at most 1 s to connect and 3 s to answer, plus
 * backoff: under 13 s). Past PENDING_WINDOW_MS a pending delta is a dead writer's, and the
 * reconciler recounts its items. The budget is generous for an overloaded twin (two cores, every
 * function cold-starting at once); in Lambda a delta follows its status write within milliseconds.
 */
export const DELTA_BUDGET_MS = 10_000;
export const PENDING_WINDOW_MS = 30_000;

export const samePlacement = (a: Placement, b: Placement) => a.group === b.group && a.location === b.location;
export const sameState = (a: LiveState, b: LiveState) => a.status === b.status && samePlacement(a, b);

export type ReportVerdict = 'create' | 'stale' | 'heartbeat' | 'transition';

/** What a report does to the stored status (undefined: none yet). */
export function verdictOf(stored: StoredStatus | undefined, report: StatusReport): ReportVerdict {
  if (!stored) return 'create';
  if (report.reportedAtMs <= stored.reportedAtMs) return 'stale';
  return sameState(stored, report) ? 'heartbeat' : 'transition';
}

/** Why a report's time is refused, if it is: far ahead of the server's clock would pin the agent's state. */
export function reportedAtProblem(reportedAtMs: number, nowMs: number): string | undefined {
  if (reportedAtMs > nowMs + MAX_FUTURE_SKEW_MS) return `reported_at is more than ${MAX_FUTURE_SKEW_MS / 1000} s ahead of the server's clock`;
  return undefined;
}

export interface CellDelta {
  placement: Placement;
  by: Partial<Record<LiveStatus, number>>;
}

/**
 * A transition's delta, item by item: one item when the agent stays in its group and location
 * (both statuses move in one atomic write), else +1 where it is, then −1 where it was.
 */
export function cellDeltas(from: LiveState | null, to: LiveState | null): CellDelta[] {
  if (!to) return from ? [{ placement: placementOf(from), by: { [from.status]: -1 } }] : [];
  if (from && sameState(from, to)) return [];
  if (from && samePlacement(from, to)) return [{ placement: placementOf(to), by: { [from.status]: -1, [to.status]: 1 } }];
  const deltas: CellDelta[] = [{ placement: placementOf(to), by: { [to.status]: 1 } }];
  if (from) deltas.push({ placement: placementOf(from), by: { [from.status]: -1 } });
  return deltas;
}

export const placementOf = (p: Placement): Placement => ({ group: p.group, location: p.location });
export const stateOf = (s: LiveState): LiveState => ({ status: s.status, group: s.group, location: s.location });

/** Silent agents the sweeper marks offline: not offline yet, last heard from before the cutoff. */
export const isSilent = (stored: StoredStatus, cutoffMs: number) =>
  stored.retiredAtMs === null && stored.status !== 'offline' && stored.lastSeenMs < cutoffMs;

/** The agents the aggregates count: every status item but the tombstones of revoked agents. */
export const counted = (statuses: readonly StoredStatus[]) => statuses.filter((status) => status.retiredAtMs === null);

/** Pending deltas whose writer may still be applying them (the reconciler leaves their cells alone). */
export const inFlight = (stored: StoredStatus, nowMs: number) => stored.pending.filter((p) => p.untilMs > nowMs);

/** agent.status_changed's fixed priority (the platform events' table): to `error` → medium, otherwise low. */
export const statusChangePriority = (to: LiveStatus) => priorityOfPlatformEvent('agent.status_changed', { status: to });

/** A key for a placement in maps and sort keys; encoded so no group or location can forge another's. */
export const placementKey = (p: Placement) => `${encodeURIComponent(p.group)}#${encodeURIComponent(p.location)}`;

export interface StatusInput {
  status: LiveStatus;
  group: string;
  location: string;
  activity?: string | null;
  reported_at?: string;
}

export type ReportOutcome = 'changed' | 'unchanged' | 'stale';

export interface ReportResult {
  outcome: ReportOutcome;
  /** The stored status after the report (for `stale`: the newer one that stays). */
  status: StoredStatus;
}

/** A report as received: timed when it arrived unless it says when it was observed; a 400 when that is too far ahead. */
export function toReport(input: StatusInput, nowMs: number): StatusReport {
  const reportedAtMs = input.reported_at === undefined ? nowMs : Date.parse(input.reported_at);
  const problem = reportedAtProblem(reportedAtMs, nowMs);
  if (problem) throw new AppError('validation_failed', problem, [{ location: 'body', path: 'reported_at', message: problem }]);
  return { status: input.status, group: input.group, location: input.location, activity: input.activity ?? null, reportedAtMs };
}

export interface BatchResult {
  agent_id: string;
  outcome: ReportOutcome | 'failed';
  status?: StoredStatus;
  error?: { code: string; message: string };
}

/** An agent's stored status; a report's answer adds its `outcome`. */
export const statusView = (status: StoredStatus): Omit<AgentLiveStatusView, 'outcome'> => ({
  agent_id: status.agentId,
  status: status.status,
  group: status.group,
  location: status.location,
  activity: status.activity,
  reported_at: new Date(status.reportedAtMs).toISOString(),
  last_seen: new Date(status.lastSeenMs).toISOString(),
  changed_at: new Date(status.changedAtMs).toISOString(),
});

/** A batch's answer: each report's result in order (the stored status, or the agent and its error), and how many of each. */
export function batchView(results: readonly BatchResult[]): BatchStatusResultView {
  const count = (outcome: BatchResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    results: results.map(({ agent_id, outcome, status, error }) => ({
      ...(status ? statusView(status) : { agent_id }),
      outcome,
      ...(error ? { error } : {}),
    })),
    changed: count('changed'),
    unchanged: count('unchanged'),
    stale: count('stale'),
    failed: count('failed'),
  };
}
