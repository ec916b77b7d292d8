// Hidden test sets: the public ordering of a board — by `public_score`, ties to whoever reached it
// first, as rankKey() orders by `score`. A version with private tasks keeps both orderings current
// on every scoring (the full one in the board's partition, this one in its own), so the reveal
// switches which one is read. Plain TypeScript.
import { sortableCost } from './cost-order.ts';
import { rankKey, type BoardEntry, type LeaderboardRule } from './ranking.ts';

/** Ascending order of this key is the public ordering (public_score first, then time, then agent). */
export const publicRankKey = (entry: Pick<BoardEntry, 'publicScore' | 'achievedAt' | 'agentId'>): string =>
  rankKey({ score: entry.publicScore, achievedAt: entry.achievedAt, agentId: entry.agentId });

/** The public ordering's cost ordering (`?sort=cost` before the reveal): cheapest first, then the public order; without a cost, last. */
export const publicCostKey = (entry: Pick<BoardEntry, 'publicScore' | 'achievedAt' | 'agentId' | 'costUsd'>): string =>
  entry.costUsd === null || entry.costUsd === undefined ? `N#${publicRankKey(entry)}` : `C#${sortableCost(entry.costUsd)}#${publicRankKey(entry)}`;

/** Which of two entries of one agent the public ordering keeps: under `best`, the better public_score. */
export function preferredPublic(rule: LeaderboardRule, a: BoardEntry, b: BoardEntry): BoardEntry {
  if (rule === 'latest') return a.achievedAt >= b.achievedAt ? a : b;
  if (a.publicScore !== b.publicScore) return a.publicScore > b.publicScore ? a : b;
  return a.achievedAt <= b.achievedAt ? a : b;
}
