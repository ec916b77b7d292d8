import { describe, expect, it } from 'vitest';
import { costKey, sortableCost } from './cost-order.ts';

const entry = (agentId: string, score: number, costUsd: number | null, achievedAt = '2026-01-01T00:00:00.000Z') => ({
  agentId,
  score,
  costUsd,
  achievedAt,
});
const ordered = (entries: ReturnType<typeof entry>[]) =>
  [...entries].sort((a, b) => (costKey(a) < costKey(b) ? -1 : costKey(a) > costKey(b) ? 1 : 0)).map((e) => e.agentId);

describe('the cost ordering', () => {
  it('puts the cheapest first and entries without a cost last', () => {
    const board = [entry('none', 1, null), entry('dear', 0.9, 12.5), entry('free', 0.1, 0), entry('cheap', 0.2, 0.000001), entry('mid', 0.5, 2)];
    expect(ordered(board)).toEqual(['free', 'cheap', 'mid', 'dear', 'none']);
  });

  it('breaks a tie on cost by the score order: higher score, then the earlier, then agent id', () => {
    const board = [
      entry('low', 0.2, 1),
      entry('high_late', 0.8, 1, '2026-01-02T00:00:00.000Z'),
      entry('high_early_b', 0.8, 1),
      entry('high_early_a', 0.8, 1),
    ];
    expect(ordered(board)).toEqual(['high_early_a', 'high_early_b', 'high_late', 'low']);
  });

  it('orders the entries without a cost by score among themselves', () => {
    expect(ordered([entry('b', 0.1, null), entry('a', 0.9, null)])).toEqual(['a', 'b']);
  });

  it('encodes costs so that string order is number order, at any magnitude', () => {
    const costs = [0, 1e-12, 3e-7, 0.1, 0.30000000000000004, 1, 2, 10, 999_999.99, 1e9];
    const keys = costs.map(sortableCost);
    expect([...keys].sort()).toEqual(keys);
    expect(sortableCost(-0)).toBe(sortableCost(0));
    expect(sortableCost(1)).toBe('3ff0000000000000');
  });
});
