import { describe, expect, it } from 'vitest';
import { viewFor } from '#shared/realtime/channels.ts';
import {
  applyTransition,
  MAX_COUNTS_BYTES,
  monitoringData,
  monitoringView,
  recount,
  summarise,
  visibleCells,
  zeroCounts,
  type Cell,
} from './counts.ts';
import { AGENT_STATUSES, type LiveState } from './status.ts';

const state = (status: LiveState['status'], group: string, location: string): LiveState => ({ status, group, location });
const cell = (group: string, location: string, counts: Partial<Cell['counts']>): Cell => ({
  group,
  location,
  counts: { ...zeroCounts(), ...counts },
});

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('recount and deltas', () => {
  it('counts agents per group × location × status', () => {
    const cells = recount([state('online', 'support', 'paris'), state('busy', 'support', 'paris'), state('online', 'sales', 'lyon')]);
    expect([...cells.values()]).toEqual([cell('support', 'paris', { online: 1, busy: 1 }), cell('sales', 'lyon', { online: 1 })]);
  });

  it('applying each transition once gives the recount of the final states, whatever the sequence', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const agents = new Map<number, LiveState>();
    const cells = new Map<string, Cell>();
    for (let step = 0; step < 5_000; step++) {
      const agent = Math.floor(next() * 200);
      const to = state(pick(AGENT_STATUSES), pick(['support', 'sales', 'ops']), pick(['paris', 'lyon']));
      const from = agents.get(agent) ?? null;
      if (from && from.status === to.status && from.group === to.group && from.location === to.location) continue;
      applyTransition(cells, from, to);
      agents.set(agent, to);
    }
    const truth = recount(agents.values());
    for (const [key, counted] of cells) expect(counted.counts, key).toEqual(truth.get(key)?.counts ?? zeroCounts());
  });
});

describe('summary', () => {
  const cells = [
    cell('support', 'paris', { online: 3, busy: 1 }),
    cell('support', 'lyon', { online: 1, error: 1 }),
    cell('sales', 'paris', { idle: 2, offline: 4 }),
  ];

  it('counts by status per group, in group order', () => {
    const summary = summarise(cells, 'group', null);
    expect(summary.rows).toEqual([
      { key: 'sales', counts: { ...zeroCounts(), idle: 2, offline: 4 }, total: 6 },
      { key: 'support', counts: { ...zeroCounts(), online: 4, busy: 1, error: 1 }, total: 6 },
    ]);
    expect(summary.totals).toEqual({ online: 4, busy: 1, idle: 2, error: 1, offline: 4 });
    expect(summary.total).toBe(12);
  });

  it('counts per location, and per status (every status, in the contract’s order)', () => {
    expect(summarise(cells, 'location', null).rows.map((r) => [r.key, r.total])).toEqual([
      ['lyon', 2],
      ['paris', 10],
    ]);
    expect(summarise(cells, 'status', null).rows.map((r) => [r.key, r.total])).toEqual([
      ['online', 4],
      ['busy', 1],
      ['idle', 2],
      ['error', 1],
      ['offline', 4],
    ]);
  });

  it('sees only the caller’s locations (null: all)', () => {
    const summary = summarise(cells, 'group', ['lyon']);
    expect(summary.rows).toEqual([{ key: 'support', counts: { ...zeroCounts(), online: 1, error: 1 }, total: 2 }]);
    expect(summary.total).toBe(2);
    expect(summarise(cells, 'group', []).total).toBe(0);
    expect(summarise(cells, 'status', []).rows.map((r) => r.total)).toEqual([0, 0, 0, 0, 0]);
  });

  it('never shows a count below zero', () => {
    expect(summarise([cell('g', 'l', { online: -1, busy: 2 })], 'group', null).totals).toEqual({ ...zeroCounts(), busy: 2 });
  });
});

describe('monitoring channel data', () => {
  const asOf = new Date('2026-03-01T10:00:00Z');

  it('groups counts by location, then group, and leaves empty cells out', () => {
    const data = monitoringData([cell('support', 'paris', { online: 2 }), cell('sales', 'lyon', { busy: 1 }), cell('ops', 'paris', {})], asOf);
    expect(JSON.parse(JSON.stringify(data))).toEqual({
      as_of: '2026-03-01T10:00:00.000Z',
      by_location: { lyon: { sales: { ...zeroCounts(), busy: 1 } }, paris: { support: { ...zeroCounts(), online: 2 } } },
    });
  });

  it('narrows to the locations a subscriber may see, as the broadcast side does with by_location', () => {
    const data = monitoringData([cell('support', 'paris', { online: 2 }), cell('sales', 'lyon', { busy: 1 })], asOf);
    expect(Object.keys(monitoringView(data, ['lyon']).by_location)).toEqual(['lyon']);
    expect(monitoringView(data, null)).toBe(data);
    expect(monitoringView(data, []).by_location).toEqual({});
  });

  it('is narrowed by the broadcast side (viewFor on by_location) to exactly what the snapshot shows', () => {
    const cells = [cell('support', 'paris', { online: 2 }), cell('sales', 'lyon', { busy: 1 }), cell('ops', 'nice', { error: 1 })];
    const update = { kind: 'summary', ...monitoringData(cells, asOf) };
    for (const locations of [null, ['lyon'], ['lyon', 'nice'], []])
      expect(viewFor(update, locations), JSON.stringify(locations)).toEqual({
        kind: 'summary',
        ...monitoringData(visibleCells(cells, locations), asOf),
      });
  });

  it('keeps a group or location named like a prototype key as data', () => {
    const data = JSON.parse(JSON.stringify(monitoringData([cell('__proto__', 'constructor', { online: 1 })], asOf)));
    // biome-ignore lint/suspicious/noProto: the test is that a location named __proto__ pollutes no prototype
    expect(data.by_location.constructor.__proto__.online).toBe(1);
  });

  it('stays within one WebSocket frame: beyond the budget, cells are left out and the data says so', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => cell(`group-${i}`, `location-${i % 50}`, { online: 1 }));
    const data = monitoringData(many, asOf);
    expect(data.truncated).toBe(true);
    const bytes = Buffer.byteLength(JSON.stringify(data.by_location));
    expect(bytes).toBeLessThanOrEqual(MAX_COUNTS_BYTES);
    expect(bytes).toBeGreaterThan(MAX_COUNTS_BYTES - 200);
    expect(monitoringData(many.slice(0, 10), asOf).truncated).toBeUndefined();
  });
});
