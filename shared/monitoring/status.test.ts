import { describe, expect, it } from 'vitest';
import {
  batchView,
  statusView,
  toReport,
  cellDeltas,
  inFlight,
  isSilent,
  MAX_FUTURE_SKEW_MS,
  placementKey,
  reportedAtProblem,
  statusChangePriority,
  verdictOf,
  type StatusReport,
  type StoredStatus,
} from './status.ts';

const stored = (overrides: Partial<StoredStatus> = {}): StoredStatus => ({
  tenantId: 't',
  agentId: 'a',
  status: 'online',
  group: 'support',
  location: 'paris',
  activity: null,
  reportedAtMs: 1_000,
  lastSeenMs: 1_000,
  changedAtMs: 1_000,
  transitions: 1,
  pending: [],
  retiredAtMs: null,
  ...overrides,
});
const report = (overrides: Partial<StatusReport> = {}): StatusReport => ({
  status: 'online',
  group: 'support',
  location: 'paris',
  activity: 'on a call',
  reportedAtMs: 2_000,
  ...overrides,
});

describe('which report wins', () => {
  it('creates the first status of an agent', () => {
    expect(verdictOf(undefined, report())).toBe('create');
  });

  it('never lets an older report, or a duplicate of the stored one, overwrite it', () => {
    expect(verdictOf(stored(), report({ reportedAtMs: 999, status: 'error' }))).toBe('stale');
    expect(verdictOf(stored(), report({ reportedAtMs: 1_000, status: 'error' }))).toBe('stale');
    expect(verdictOf(stored(), report({ reportedAtMs: 1_000 }))).toBe('stale');
  });

  it('calls a newer report with the same status, group and location a heartbeat, whatever its activity', () => {
    expect(verdictOf(stored(), report({ activity: 'something else' }))).toBe('heartbeat');
  });

  it('calls a change of status, group or location a transition', () => {
    expect(verdictOf(stored(), report({ status: 'busy' }))).toBe('transition');
    expect(verdictOf(stored(), report({ group: 'sales' }))).toBe('transition');
    expect(verdictOf(stored(), report({ location: 'lyon' }))).toBe('transition');
  });

  it('refuses a report from the future beyond the allowed clock skew', () => {
    expect(reportedAtProblem(10_000 + MAX_FUTURE_SKEW_MS, 10_000)).toBeUndefined();
    expect(reportedAtProblem(10_001 + MAX_FUTURE_SKEW_MS, 10_000)).toMatch(/ahead of the server's clock/);
    expect(reportedAtProblem(0, 10_000)).toBeUndefined();
  });
});

describe('a transition’s delta', () => {
  it('moves both statuses in one item when the agent stays in its group and location', () => {
    expect(cellDeltas({ status: 'online', group: 'g', location: 'l' }, { status: 'busy', group: 'g', location: 'l' })).toEqual([
      { placement: { group: 'g', location: 'l' }, by: { online: -1, busy: 1 } },
    ]);
  });

  it('adds where the agent is before subtracting where it was when it moves', () => {
    expect(cellDeltas({ status: 'online', group: 'g', location: 'l' }, { status: 'online', group: 'h', location: 'l' })).toEqual([
      { placement: { group: 'h', location: 'l' }, by: { online: 1 } },
      { placement: { group: 'g', location: 'l' }, by: { online: -1 } },
    ]);
  });

  it('only adds for an agent’s first status, and is nothing when the state did not change', () => {
    expect(cellDeltas(null, { status: 'idle', group: 'g', location: 'l' })).toEqual([{ placement: { group: 'g', location: 'l' }, by: { idle: 1 } }]);
    expect(cellDeltas({ status: 'idle', group: 'g', location: 'l' }, { status: 'idle', group: 'g', location: 'l' })).toEqual([]);
  });

  it('only subtracts where a revoked agent was counted (it leaves the aggregates)', () => {
    expect(cellDeltas({ status: 'busy', group: 'g', location: 'l' }, null)).toEqual([{ placement: { group: 'g', location: 'l' }, by: { busy: -1 } }]);
    expect(cellDeltas(null, null)).toEqual([]);
  });
});

describe('status rules', () => {
  it('gives agent.status_changed priority medium when the agent goes to error, low otherwise', () => {
    expect(statusChangePriority('error')).toBe('medium');
    for (const status of ['online', 'busy', 'idle', 'offline'] as const) expect(statusChangePriority(status)).toBe('low');
  });

  it('finds silent agents: not offline, last heard from before the cutoff', () => {
    expect(isSilent(stored({ lastSeenMs: 999 }), 1_000)).toBe(true);
    expect(isSilent(stored({ lastSeenMs: 1_000 }), 1_000)).toBe(false);
    expect(isSilent(stored({ lastSeenMs: 0, status: 'offline' }), 1_000)).toBe(false);
    expect(isSilent(stored({ lastSeenMs: 0, retiredAtMs: 500 }), 1_000)).toBe(false);
  });

  it('holds a pending delta in flight until its window ends', () => {
    const to = { status: 'busy' as const, group: 'g', location: 'l' };
    const status = stored({ pending: [{ tx: 'x', from: null, to, untilMs: 5_000 }] });
    expect(inFlight(status, 4_999)).toHaveLength(1);
    expect(inFlight(status, 5_000)).toHaveLength(0);
  });

  it('keys placements so that no group or location can pass for another', () => {
    expect(placementKey({ group: 'a#b', location: 'c' })).not.toBe(placementKey({ group: 'a', location: 'b#c' }));
    expect(placementKey({ group: 'Support EN', location: 'paris' })).toBe('Support%20EN#paris');
  });
});

describe('a report as received', () => {
  const nowMs = Date.parse('2026-01-01T12:00:00.000Z');
  const input = { status: 'busy' as const, group: 'support', location: 'paris' };

  it('is timed when it arrived unless it says when it was observed; no activity is null', () => {
    expect(toReport(input, nowMs)).toEqual({ ...input, activity: null, reportedAtMs: nowMs });
    expect(toReport({ ...input, activity: 'call', reported_at: '2026-01-01T11:59:00.000Z' }, nowMs)).toMatchObject({
      activity: 'call',
      reportedAtMs: nowMs - 60_000,
    });
  });

  it('is refused with 400 on reported_at when observed too far ahead of the server’s clock', () => {
    const ahead = new Date(nowMs + MAX_FUTURE_SKEW_MS + 1000).toISOString();
    let refusal: unknown;
    try {
      toReport({ ...input, reported_at: ahead }, nowMs);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ status: 400, details: [{ location: 'body', path: 'reported_at' }] });
  });
});

describe('what a reporter reads back', () => {
  const kept = stored({ reportedAtMs: Date.parse('2026-01-01T12:00:00.000Z') });

  it('a status with its times as ISO instants, never its tenant or pending deltas', () => {
    const view = statusView(kept);
    expect(view).toMatchObject({ agent_id: 'a', status: 'online', group: 'support', location: 'paris', reported_at: '2026-01-01T12:00:00.000Z' });
    expect(view).not.toHaveProperty('tenant_id');
    expect(view).not.toHaveProperty('pending');
  });

  it('a batch: each report’s result in the order sent (a failed one names its agent and error), and how many of each', () => {
    const answer = batchView([
      { agent_id: 'a', outcome: 'changed', status: kept },
      { agent_id: 'x', outcome: 'failed', error: { code: 'not_found', message: 'The agent was not found' } },
      { agent_id: 'a', outcome: 'stale', status: kept },
    ]);
    expect(answer.results.map((r) => [r.agent_id, r.outcome])).toEqual([
      ['a', 'changed'],
      ['x', 'failed'],
      ['a', 'stale'],
    ]);
    expect(answer.results[1]).toEqual({ agent_id: 'x', outcome: 'failed', error: { code: 'not_found', message: 'The agent was not found' } });
    expect(answer).toMatchObject({ changed: 1, unchanged: 0, stale: 1, failed: 1 });
  });
});
