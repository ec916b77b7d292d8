import { describe, expect, it } from 'vitest';
import { frontierChange, onFrontier, paretoFrontier, type CostPoint, type FrontierMember } from './pareto.ts';

const point = (agentId: string, score: number, costUsd: number | null, submissionId = `sub_${agentId}`): CostPoint => ({
  agentId,
  submissionId,
  score,
  costUsd,
});
const agents = (points: readonly CostPoint[]) => points.map((p) => p.agentId);

describe('the Pareto frontier', () => {
  it('keeps the entries no other beats on both score and cost, cheapest first', () => {
    const board = [
      point('cheap', 0.5, 1),
      point('dear_best', 0.9, 10),
      point('middle', 0.7, 4),
      point('dominated', 0.6, 5), // middle is better and cheaper
      point('dear_worse', 0.8, 12), // dear_best is better and cheaper
    ];
    expect(agents(paretoFrontier(board))).toEqual(['cheap', 'middle', 'dear_best']);
  });

  it('never holds an entry without a cost, even the best one', () => {
    expect(agents(paretoFrontier([point('uncosted', 1, null), point('costed', 0.1, 3)]))).toEqual(['costed']);
    expect(paretoFrontier([point('a', 1, null)])).toEqual([]);
  });

  it('drops an equal score at a higher cost, and an equal cost with a lower score (one strictly better is enough)', () => {
    expect(agents(paretoFrontier([point('dear', 0.5, 2), point('cheap', 0.5, 1)]))).toEqual(['cheap']);
    expect(agents(paretoFrontier([point('low', 0.4, 1), point('high', 0.5, 1)]))).toEqual(['high']);
  });

  it('keeps duplicates (equal score and cost) side by side: neither is strictly better', () => {
    const board = [point('b', 0.5, 1), point('a', 0.5, 1), point('worse', 0.4, 1)];
    expect(agents(paretoFrontier(board))).toEqual(['a', 'b']);
  });

  it('counts a free entry (cost 0) as the cheapest', () => {
    expect(agents(paretoFrontier([point('free', 0.2, 0), point('paid', 0.2, 0.01), point('paid_better', 0.3, 0.01)]))).toEqual([
      'free',
      'paid_better',
    ]);
  });

  it('agrees with the definition on every small board (brute force)', () => {
    const scores = [0, 0.5, 1];
    const costs = [null, 0, 1, 2];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const board = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) =>
        point(`agt_${i}`, scores[Math.floor(next() * 3)]!, costs[Math.floor(next() * 4)]!),
      );
      const expected = board.filter(
        (e) =>
          e.costUsd !== null &&
          !board.some(
            (o) => o !== e && o.costUsd !== null && o.score >= e.score && o.costUsd <= e.costUsd! && (o.score > e.score || o.costUsd < e.costUsd!),
          ),
      );
      expect(new Set(agents(paretoFrontier(board)))).toEqual(new Set(agents(expected)));
    }
  });
});

describe('what an agent’s new entry does to the frontier', () => {
  const members = paretoFrontier([point('a', 0.5, 1), point('b', 0.8, 5)]) as FrontierMember[];

  it('leaves it when the entry is dominated, has no cost, or is the member it already holds', () => {
    expect(frontierChange(members, 'c', point('c', 0.4, 2))).toEqual({ kind: 'unchanged' });
    expect(frontierChange(members, 'c', point('c', 1, null))).toEqual({ kind: 'unchanged' });
    expect(frontierChange(members, 'a', point('a', 0.5, 1))).toEqual({ kind: 'unchanged' });
    expect(frontierChange(members, 'c', null)).toEqual({ kind: 'unchanged' });
  });

  it('adds a new non-dominated point and drops the members it dominates, from the frontier alone', () => {
    const change = frontierChange(members, 'c', point('c', 0.9, 0.5));
    expect(change.kind).toBe('replace');
    expect(change.kind === 'replace' && agents(change.members)).toEqual(['c']);
    const duplicate = frontierChange(members, 'c', point('c', 0.5, 1));
    expect(duplicate.kind === 'replace' && agents(duplicate.members)).toEqual(['a', 'c', 'b']);
  });

  it('moves a member that got at least as good on both counts without a read of the board', () => {
    const change = frontierChange(members, 'a', point('a', 0.6, 1, 'sub_a2'));
    expect(change).toEqual({ kind: 'replace', members: [point('a', 0.6, 1, 'sub_a2'), point('b', 0.8, 5)] });
  });

  it('asks for the whole board when a member got worse on either count, lost its cost or its entry (it may uncover others)', () => {
    expect(frontierChange(members, 'a', point('a', 0.4, 1, 'sub_a2'))).toEqual({ kind: 'recompute' });
    expect(frontierChange(members, 'b', point('b', 0.9, 6, 'sub_b2'))).toEqual({ kind: 'recompute' });
    expect(frontierChange(members, 'b', point('b', 0.9, null, 'sub_b2'))).toEqual({ kind: 'recompute' });
    expect(frontierChange(members, 'b', null)).toEqual({ kind: 'recompute' });
  });

  it('tells an entry on the frontier by its submission', () => {
    expect(onFrontier(members, { agentId: 'a', submissionId: 'sub_a' })).toBe(true);
    expect(onFrontier(members, { agentId: 'a', submissionId: 'sub_old' })).toBe(false);
    expect(onFrontier(members, { agentId: 'c', submissionId: 'sub_c' })).toBe(false);
  });
});
