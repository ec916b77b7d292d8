import { describe, expect, it } from 'vitest';
import { rankKey, type BoardEntry } from '#shared/leaderboard/ranking.ts';
import type { LeaderboardEntryView } from '#shared/schemas/responses/leaderboard.ts';
import type { Baseline } from './baseline.ts';
import { entriesWithBaselines, type RankedPage } from './board.ts';
import { baselineRankKey, interleave } from './interleave.ts';

const agent = (id: string, score: number, achievedAt = '2026-01-01T00:00:00.000Z'): BoardEntry => ({
  tenantId: 't',
  benchmarkId: 'bm_1',
  version: 1,
  agentId: id,
  submissionId: `sub_${id}`,
  score,
  publicScore: score,
  confidenceInterval: null,
  stderr: null,
  achievedAt,
});
const baseline = (id: string, score: number, createdAt = '2026-06-01T00:00:00.000Z'): Baseline => ({
  baselineId: id,
  tenantId: 't',
  benchmarkId: 'bm_1',
  version: 1,
  name: `name of ${id}`,
  score,
  costUsd: null,
  createdAt,
  createdBy: 'maintainer',
});
const byRankKey = (a: BoardEntry, b: BoardEntry) => (rankKey(a) < rankKey(b) ? -1 : 1);

/** The board read page by page as boardPage does: `limit` agents a page, ranks carrying on, a cursor while DynamoDB would give one. */
function pages(board: BoardEntry[], limit: number): RankedPage[] {
  const sorted = [...board].sort(byRankKey);
  const out: RankedPage[] = [];
  let offset = 0;
  let after: string | undefined;
  do {
    const slice = sorted.slice(offset, offset + limit);
    // DynamoDB hands back a LastEvaluatedKey whenever a page is full, even when nothing follows.
    const full = slice.length === limit;
    out.push({ entries: slice.map((entry, i) => ({ entry, rank: offset + i + 1 })), nextCursor: full ? 'more' : null, after });
    offset += slice.length;
    after = slice.length ? rankKey(slice.at(-1)!) : after;
  } while (out.at(-1)!.nextCursor !== null);
  return out;
}

const names = (views: LeaderboardEntryView[]) => views.map((v) => (v.baseline ? `B:${v.baseline_id}` : `${v.rank}:${v.agent_id}`));

describe('baselines on a leaderboard page', () => {
  it('sit at their score, ahead of agents with the very same score, and take no rank', () => {
    const board = [agent('a', 0.9), agent('b', 0.75), agent('c', 0.75, '2026-02-01T00:00:00.000Z'), agent('d', 0.5)];
    const [page] = pages(board, 10);
    const views = entriesWithBaselines(page!, [baseline('gpt', 0.75), baseline('human', 0.95), baseline('random', 0.1)]);
    expect(names(views)).toEqual(['B:human', '1:a', 'B:gpt', '2:b', '3:c', '4:d', 'B:random']);
    expect(views[2]).toEqual({
      rank: null,
      agent_id: null,
      score: 0.75,
      public_score: 0.75,
      confidence_interval: null,
      stderr: null,
      cost_usd: null,
      pareto: false,
      submission_id: null,
      achieved_at: '2026-06-01T00:00:00.000Z',
      baseline: true,
      name: 'name of gpt',
      baseline_id: 'gpt',
    });
    expect(views[1]).toMatchObject({ rank: 1, agent_id: 'a', baseline: false, name: null, baseline_id: null });
  });

  it('sit at their cost on a cost-ordered page, those without a cost last, and flag the agents on the frontier', () => {
    const cheap = { ...agent('cheap', 0.5), costUsd: 0.1 };
    const dear = { ...agent('dear', 0.9), costUsd: 5 };
    const free = agent('nocost', 0.7);
    // A cost-ordered page: cheapest first, no cost last (what boardPageByCost reads from GSI2).
    const page: RankedPage = {
      entries: [
        { entry: cheap, rank: 3 },
        { entry: dear, rank: 1 },
        { entry: free, rank: 2 },
      ],
      nextCursor: null,
    };
    const views = entriesWithBaselines(
      page,
      [{ ...baseline('mid', 0.6), costUsd: 1 }, baseline('unpriced', 0.2)],
      (entry) => entry.agentId !== 'nocost',
      'cost',
    );
    expect(names(views)).toEqual(['3:cheap', 'B:mid', '1:dear', '2:nocost', 'B:unpriced']);
    expect(views.map((v) => v.pareto)).toEqual([true, false, true, false, false]);
    expect(views[1]).toMatchObject({ cost_usd: 1, rank: null });
  });

  it('orders baselines of one score by when they were placed', () => {
    const [page] = pages([agent('a', 0.5)], 10);
    const views = entriesWithBaselines(page!, [
      baseline('late', 0.5, '2026-07-01T00:00:00.000Z'),
      baseline('early', 0.5, '2026-05-01T00:00:00.000Z'),
    ]);
    expect(names(views)).toEqual(['B:early', 'B:late', '1:a']);
  });

  it('shows every baseline on a board without agents', () => {
    const [page] = pages([], 10);
    expect(names(entriesWithBaselines(page!, [baseline('low', 0.2), baseline('high', 0.8)]))).toEqual(['B:high', 'B:low']);
  });

  it('reads page by page as in one page: each baseline once, in its place, agents ranked 1…n without gaps', () => {
    // A fixed pseudo-random board: 37 agents (ties included) and 9 baselines, some tied with agents, some above and below all.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const board = Array.from({ length: 37 }, (_, i) => agent(`agt_${String(i).padStart(2, '0')}`, Math.round(next() * 20) / 20));
    const baselines = [1, 0, 0.5, 0.55, 0.3, 0.95, 0.05, 0.7, board[3]!.score].map((score, i) => baseline(`bl_${i}`, score));
    const whole = names(entriesWithBaselines(pages(board, 1000)[0]!, baselines));
    expect(whole).toHaveLength(46);
    for (const limit of [1, 2, 5, 10, 36, 37, 38]) {
      const paged = pages(board, limit).flatMap((page) => names(entriesWithBaselines(page, baselines)));
      expect(paged, `limit ${limit}`).toEqual(whole);
    }
    const ranks = whole.filter((n) => !n.startsWith('B:')).map((n) => Number(n.split(':')[0]));
    expect(ranks).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
  });

  it('puts the baselines below the last agent on the empty page a full last page leads to', () => {
    const ps = pages([agent('a', 0.9), agent('b', 0.8)], 2);
    expect(ps).toHaveLength(2);
    expect(names(entriesWithBaselines(ps[0]!, [baseline('floor', 0.1)]))).toEqual(['1:a', '2:b']);
    expect(names(entriesWithBaselines(ps[1]!, [baseline('floor', 0.1)]))).toEqual(['B:floor']);
  });
});

describe('interleave', () => {
  it('takes the baselines after the page start and up to its last entry, all the rest on the last page', () => {
    const entries = ['b', 'd'].map((key) => ({ key, item: key }));
    const extra = ['a', 'c', 'e'].map((key) => ({ key, item: key.toUpperCase() }));
    expect(interleave(entries, extra, undefined, false)).toEqual(['A', 'b', 'C', 'd']);
    expect(interleave(entries, extra, 'a', false)).toEqual(['b', 'C', 'd']);
    expect(interleave(entries, extra, 'a', true)).toEqual(['b', 'C', 'd', 'E']);
    expect(interleave([], extra, 'd', true)).toEqual(['E']);
    expect(interleave([], extra, 'd', false)).toEqual([]);
  });

  it('places a baseline by the same key order as agents: score first, then before the tied agents', () => {
    const tied = rankKey({ score: 0.5, achievedAt: '2020-01-01T00:00:00.000Z', agentId: 'agt_a' });
    const above = rankKey({ score: 0.500001, achievedAt: '2030-01-01T00:00:00.000Z', agentId: 'agt_z' });
    const key = baselineRankKey({ score: 0.5, createdAt: '2026-01-01T00:00:00.000Z', baselineId: 'bl_x' });
    expect(above < key && key < tied).toBe(true);
  });
});
