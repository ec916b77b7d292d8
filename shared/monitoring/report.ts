// Status reports: an agent reports its own live status, a maintainer (or a gateway holding a
// maintainer's credentials) reports any of the tenant's agents, one at a time or up to 100 at once.
//
// Each report is one conditional write on the agent's status item: a heartbeat first (the common
// case: same state, one write), else a read and a transition written against exactly the version
// read. A batch reads all its agents' items first (BatchGetItem) and writes each against that
// version: one write per report whether heartbeat or transition, unless a race sends it round
// again. Whoever's write makes a transition — and only they — applies its aggregate delta, so
// concurrent, duplicated and out-of-order reports count once; an older report never overwrites a
// newer one. A batch announces its transitions together (shared/monitoring/transition.ts).
import { agentRevoked } from '#shared/agents/agent.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { forEachConcurrently } from '#shared/concurrency.ts';
import { AppError, notFound } from '#shared/http/errors.ts';
import { findAgent } from '#shared/store/agents.ts';
import {
  createStatus,
  findStatus,
  moveStatus,
  registeredAgents,
  registerMonitoredTenant,
  statusesOfAgents,
  touchStatus,
} from '#shared/store/agent-status.ts';
import {
  stateOf,
  toReport,
  verdictOf,
  type BatchResult,
  type ReportResult,
  type StatusInput,
  type StatusReport,
  type StoredStatus,
} from './status.ts';
import { announceTransitions, applyDelta, pendingDelta, type Transition } from './transition.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';

// The views live with the pure status model; the routes import them from here too.
export { batchView, statusView } from './status.ts';

export interface ReportContext {
  correlationId: string;
  now?: () => number;
}

/** Tries before a report that keeps losing races to other reports of the same agent gives up (409). */
const MAX_ROUNDS = 5;

/** Tenants this container has registered as monitored (the registry item is never deleted). */
const monitoredHere = new Set<string>();

/** PUT /v1/agents/{agent_id}/status: the agent itself (its own id only), or a maintainer. */
export async function reportStatus(actor: Principal, agentId: string, input: StatusInput, context: ReportContext): Promise<ReportResult> {
  const now = context.now ?? Date.now;
  if (actor.principalType === 'agent') {
    // Another agent's status, even of the same tenant, is not this agent's to see or set.
    if (actor.agentId !== agentId) throw notFound('The agent');
  } else {
    const agent = await findAgent(actor.tenantId, agentId);
    if (!agent) throw notFound('The agent');
    if (agent.status !== 'active') throw agentRevoked();
  }
  return applyReport(actor.tenantId, agentId, toReport(input, now()), context);
}

/** One report of one agent of the tenant (authorised already), its transition (if any) announced. */
export async function applyReport(tenantId: string, agentId: string, report: StatusReport, context: ReportContext): Promise<ReportResult> {
  const { transition, ...result } = await writeReport(tenantId, agentId, report, context);
  if (transition) await announceTransitions([transition], context.now);
  return result;
}

/** Items of one batch applied side by side (each is a few single-item writes). */
const BATCH_CONCURRENCY = 25;

/** POST /v1/monitoring/status: up to 100 reports of the tenant's agents, each with its own result. */
export async function reportStatuses(
  actor: Principal,
  inputs: readonly (StatusInput & { agent_id: string })[],
  context: ReportContext,
): Promise<BatchResult[]> {
  const now = context.now ?? Date.now;
  const ids = inputs.map((input) => input.agent_id);
  // Both read in BatchGetItem calls of 100: the agents (registered? revoked?) and their status items.
  const [registered, statuses] = await Promise.all([registeredAgents(actor.tenantId, ids), statusesOfAgents(actor.tenantId, ids)]);
  const results: BatchResult[] = new Array(inputs.length);
  const transitions: Transition[] = [];
  await forEachConcurrently(inputs, BATCH_CONCURRENCY, async (input, index) => {
    const { transition, ...result } = await reportOne(
      actor.tenantId,
      input,
      registered.get(input.agent_id),
      statuses.get(input.agent_id),
      context,
      now,
    );
    results[index] = result;
    if (transition) transitions.push(transition);
  });
  await announceTransitions(transitions, now);
  return results;
}

async function reportOne(
  tenantId: string,
  input: StatusInput & { agent_id: string },
  registration: 'active' | 'revoked' | undefined,
  known: StoredStatus | null | undefined,
  context: ReportContext,
  now: () => number,
): Promise<BatchResult & { transition?: Transition }> {
  const failed = (code: string, message: string): BatchResult => ({ agent_id: input.agent_id, outcome: 'failed', error: { code, message } });
  if (registration === undefined) return failed('not_found', 'The agent was not found');
  if (registration === 'revoked') return failed('conflict', agentRevoked().message);
  try {
    const result = await writeReport(tenantId, input.agent_id, toReport(input, now()), context, known);
    return { agent_id: input.agent_id, ...result };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') return failed(error.code, error.message);
    (await loadLogger()).error('A batch status report failed', { agent_id: input.agent_id, error: (error as Error).message });
    return failed('unavailable', 'The report could not be stored; send it again');
  }
}

/**
 * The report's status write and, for a transition, its aggregate delta; the transition is the
 * caller's to announce. `known`: the item as a batch read it (null: none), which the first round
 * writes against — a heartbeat's touch, a transition's move — instead of touching and then reading;
 * a write that finds the item changed since falls back to the rounds every single report takes.
 */
async function writeReport(
  tenantId: string,
  agentId: string,
  report: StatusReport,
  context: ReportContext,
  known?: StoredStatus | null,
): Promise<ReportResult & { transition?: Transition }> {
  const now = context.now ?? Date.now;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    let stored: StoredStatus | undefined;
    if (round === 1 && known !== undefined) {
      stored = known ?? undefined;
      if (stored && stored.retiredAtMs === null && verdictOf(stored, report) === 'heartbeat') {
        const touched = await touchStatus(tenantId, agentId, report, now());
        if (touched) return { outcome: 'unchanged', status: touched };
        continue;
      }
    } else {
      const touched = await touchStatus(tenantId, agentId, report, now());
      if (touched) return { outcome: 'unchanged', status: touched };
      stored = await findStatus(tenantId, agentId);
    }
    // Revoked (a tombstone: also an agent that never reported): admitted by a cached key, or just before the revoke.
    if (stored && stored.retiredAtMs !== null) throw agentRevoked();
    const verdict = verdictOf(stored, report);
    if (verdict === 'stale') return { outcome: 'stale', status: stored! };
    if (verdict === 'heartbeat') continue; // the state became the reported one in between: a heartbeat after all

    const writtenAtMs = now();
    const delta = pendingDelta(stored ? stateOf(stored) : null, report, writtenAtMs);
    const after: StoredStatus = {
      tenantId,
      agentId,
      ...stateOf(report),
      activity: report.activity,
      reportedAtMs: report.reportedAtMs,
      lastSeenMs: writtenAtMs,
      changedAtMs: writtenAtMs,
      transitions: (stored?.transitions ?? 0) + 1,
      pending: [],
      retiredAtMs: null,
    };
    let written: boolean;
    if (!stored) {
      // Registered first, so the reconciler and the sweeper visit every tenant that has a status item.
      if (!monitoredHere.has(tenantId)) {
        await registerMonitoredTenant(tenantId, writtenAtMs);
        monitoredHere.add(tenantId);
      }
      written = await createStatus(tenantId, agentId, report, writtenAtMs, delta);
    } else {
      written = await moveStatus(
        stored,
        { state: report, activity: report.activity, reportedAtMs: report.reportedAtMs, lastSeenMs: writtenAtMs },
        writtenAtMs,
        delta,
      );
    }
    if (!written) continue; // another report of this agent got in first: look again
    const transition: Transition = { delta, after, writtenAtMs, reason: 'report', correlationId: context.correlationId };
    await applyDelta(transition, now);
    return { outcome: 'changed', status: after, transition };
  }
  throw new AppError('conflict', 'Other reports of this agent kept arriving while this one was applied; send it again');
}
