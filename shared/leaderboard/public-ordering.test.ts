import { describe, expect, it } from 'vitest';
import { preferredPublic, publicCostKey, publicRankKey } from './public-ordering.ts';
import { preferred, rankKey, type BoardEntry } from './ranking.ts';

const entry = (score: number, publicScore: number, achievedAt: string, submissionId: string, agentId = 'agt_a'): BoardEntry => ({
  tenantId: 't',
  benchmarkId: 'bm',
  version: 1,
  agentId,
  submissionId,
  score,
  publicScore,
  confidenceInterval: null,
  stderr: null,
  achievedAt,
});

describe('the public ordering (hidden test sets)', () => {
  // First: public 1, score 0.5. Second: public 0.5, score 0.75.
  const first = entry(0.5, 1, '2026-01-01T00:00:00.000Z', 'sub_first');
  const second = entry(0.75, 0.5, '2026-01-02T00:00:00.000Z', 'sub_second');

  it('ranks by public_score where the full ordering ranks by score', () => {
    const other = entry(0.6, 0.6, '2026-01-01T00:00:00.000Z', 'sub_other', 'agt_b');
    const order = (key: (e: BoardEntry) => string, list: BoardEntry[]) =>
      [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((e) => e.submissionId);
    expect(order(publicRankKey, [second, other, first])).toEqual(['sub_first', 'sub_other', 'sub_second']);
    expect(order(rankKey, [second, other, first])).toEqual(['sub_second', 'sub_other', 'sub_first']);
    expect(publicRankKey(first)).toBe('0000000#2026-01-01T00:00:00.000Z#agt_a');
  });

  it('best: keeps the best public_score on the public ordering, the best score on the full one — two submissions of one agent', () => {
    expect(preferredPublic('best', first, second)).toBe(first);
    expect(preferredPublic('best', second, first)).toBe(first);
    expect(preferred('best', first, second)).toBe(second);
  });

  it('best: the earlier of equal public scores; latest: the most recent on both orderings', () => {
    const tie = entry(0.1, 1, '2026-01-03T00:00:00.000Z', 'sub_tie');
    expect(preferredPublic('best', tie, first)).toBe(first);
    expect(preferredPublic('latest', first, second)).toBe(second);
    expect(preferred('latest', first, second)).toBe(second);
  });
});

describe('the public ordering by cost', () => {
  it('puts the cheapest first, equal costs in the public order (not by the full score), no cost last', () => {
    const cheapLowPublic = { ...entry(0.9, 0.2, '2026-01-01T00:00:00.000Z', 's1', 'agt_a'), costUsd: 1 };
    const cheapHighPublic = { ...entry(0.1, 0.8, '2026-01-02T00:00:00.000Z', 's2', 'agt_b'), costUsd: 1 };
    const dear = { ...entry(1, 1, '2026-01-01T00:00:00.000Z', 's3', 'agt_c'), costUsd: 10 };
    const unpriced = entry(1, 1, '2026-01-01T00:00:00.000Z', 's4', 'agt_d');
    const sorted = [unpriced, dear, cheapLowPublic, cheapHighPublic].sort((x, y) => (publicCostKey(x) < publicCostKey(y) ? -1 : 1));
    expect(sorted.map((e) => e.agentId)).toEqual(['agt_b', 'agt_a', 'agt_c', 'agt_d']);
  });
});
