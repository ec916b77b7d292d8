// Baselines among a leaderboard page's ranked entries. Baselines are few and kept apart from the
// board's entries (docs/decisions.md "Baselines are merged into each leaderboard page"), so a page
// is the board Query's agents plus the baselines whose place in the board's order falls within the
// stretch of the board that page covers. Ranks are the agents' own and carry on across pages
// untouched; baselines take none. Plain TypeScript.
import { rankKey } from '#shared/leaderboard/ranking.ts';
import type { Baseline } from './baseline.ts';

/**
 * A baseline's place in the board's ascending rank-key order: with the agents of its score (the
 * same 7-digit inverted score), before every one of them ('!' sorts before '#'): an agent passes a
 * baseline only by scoring higher. Among baselines of one score, the older first.
 */
export function baselineRankKey(baseline: Pick<Baseline, 'score' | 'createdAt' | 'baselineId'>): string {
  const invertedScore = rankKey({ score: baseline.score, achievedAt: '', agentId: '' }).split('#')[0];
  return `${invertedScore}!${baseline.createdAt}#${baseline.baselineId}`;
}

export interface Placed<T> {
  /** The item's rank key: ascending order is the board's order. */
  key: string;
  item: T;
}

/**
 * A page's items in board order: its `entries` (already in order) and the baselines placed after
 * `after` (the rank key the page starts after; undefined on the first page) and up to its last
 * entry — or to the end of the board when this is the last page.
 */
export function interleave<E, B>(
  entries: readonly Placed<E>[],
  baselines: readonly Placed<B>[],
  after: string | undefined,
  lastPage: boolean,
): (E | B)[] {
  const through = lastPage ? undefined : (entries.at(-1)?.key ?? after ?? '');
  const inPage = baselines
    .filter((b) => (after === undefined || b.key > after) && (through === undefined || b.key <= through))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: (E | B)[] = [];
  let next = 0;
  for (const entry of entries) {
    while (next < inPage.length && inPage[next]!.key < entry.key) out.push(inPage[next++]!.item);
    out.push(entry.item);
  }
  while (next < inPage.length) out.push(inPage[next++]!.item);
  return out;
}
