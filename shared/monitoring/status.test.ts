import { describe, expect, it } from 'vitest';
import {
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
