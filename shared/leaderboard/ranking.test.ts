import { describe, expect, it } from 'vitest';
import { entryView, preferred, rankKey, type BoardEntry } from './ranking.ts';

const entry = (score: number, achievedAt: string, agentId = 'agt_a', submissionId = 'sub_1'): BoardEntry => ({
  tenantId: 't',
  benchmarkId: 'bm',
  version: 1,
  agentId,
  submissionId,
  score,
  confidenceInterval: null,
  stderr: null,
  achievedAt,
});

describe('leaderboard order', () => {
  it('sorts a higher score first, and among equal scores whoever reached it first', () => {
    const entries = [
      entry(0.5, '2026-01-01T00:00:00.000Z', 'agt_mid'),
      entry(1, '2026-01-02T00:00:00.000Z', 'agt_top_late'),
      entry(1, '2026-01-01T00:00:00.000Z', 'agt_top_early'),
      entry(0, '2025-01-01T00:00:00.000Z', 'agt_zero'),
    ];
    const ordered = [...entries].sort((a, b) => (rankKey(a) < rankKey(b) ? -1 : 1)).map((e) => e.agentId);
    expect(ordered).toEqual(['agt_top_early', 'agt_top_late', 'agt_mid', 'agt_zero']);
  });

  it('orders agents tied on score and time by agent id, the same way on every read', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const tied = [entry(0.5, at, 'agt_b'), entry(0.5, at, 'agt_c'), entry(0.5, at, 'agt_a')];
    const order = (list: BoardEntry[]) => [...list].sort((a, b) => (rankKey(a) < rankKey(b) ? -1 : 1)).map((e) => e.agentId);
    expect(order(tied)).toEqual(['agt_a', 'agt_b', 'agt_c']);
    expect(order([...tied].reverse())).toEqual(['agt_a', 'agt_b', 'agt_c']);
  });

  it('keeps scores to six decimals: a difference below that ties', () => {
    expect(rankKey(entry(0.1234564, 'x'))).toBe(rankKey(entry(0.1234561, 'x')));
    expect(rankKey(entry(0.123456, 'x'))).not.toBe(rankKey(entry(0.123457, 'x')));
    expect(rankKey(entry(1, '2026', 'agt_a'))).toBe('0000000#2026#agt_a');
    expect(rankKey(entry(0, '2026', 'agt_a'))).toBe('1000000#2026#agt_a');
  });
});

describe('which entry of an agent the board keeps', () => {
  const early = entry(0.5, '2026-01-01T00:00:00.000Z', 'agt_a', 'sub_early');
  const laterWorse = entry(0.25, '2026-01-02T00:00:00.000Z', 'agt_a', 'sub_late');
  const laterSame = entry(0.5, '2026-01-03T00:00:00.000Z', 'agt_a', 'sub_same');

  it('best: the higher score, and the earlier of equal scores', () => {
    expect(preferred('best', early, laterWorse)).toBe(early);
    expect(preferred('best', laterWorse, early)).toBe(early);
    expect(preferred('best', laterSame, early)).toBe(early);
  });

  it('latest: the most recent, whatever its score', () => {
    expect(preferred('latest', early, laterWorse)).toBe(laterWorse);
    expect(preferred('latest', laterWorse, early)).toBe(laterWorse);
  });

  it('keeps the entry it has against a tie on both score and time, under either rule (the board does not flip)', () => {
    const twin = entry(0.5, early.achievedAt, 'agt_a', 'sub_twin');
    expect(preferred('best', early, twin)).toBe(early);
    expect(preferred('latest', early, twin)).toBe(early);
  });
});

it('shows an entry with its rank in the API’s names', () => {
  expect(entryView(entry(0.75, '2026-01-01T00:00:00.000Z'), 3)).toEqual({
    rank: 3,
    agent_id: 'agt_a',
    score: 0.75,
    confidence_interval: null,
    stderr: null,
    cost_usd: null,
    pareto: false,
    submission_id: 'sub_1',
    achieved_at: '2026-01-01T00:00:00.000Z',
    baseline: false,
    name: null,
    baseline_id: null,
  });
  const interval = { level: 0.95, low: 0.5, high: 1, method: 'bootstrap' as const };
  expect(entryView({ ...entry(0.75, '2026-01-01T00:00:00.000Z'), confidenceInterval: interval, stderr: 0.125 }, 1)).toMatchObject({
    confidence_interval: interval,
    stderr: 0.125,
  });
});
