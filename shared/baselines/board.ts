// A leaderboard page with its baselines: the agents' entries as the board Query returned them
// (ranked, ranks carrying on across pages) and the version's baselines that fall within the page.
// Plain TypeScript.
import type { BoardOrdering } from '#shared/benchmarks/visibility.ts';
import { costKey, sortableCost, type BoardSort } from '#shared/leaderboard/cost-order.ts';
import { publicCostKey, publicRankKey } from '#shared/leaderboard/public-ordering.ts';
import { entryView, rankKey, type BoardEntry } from '#shared/leaderboard/ranking.ts';
import type { LeaderboardEntryView } from '#shared/schemas/responses/leaderboard.ts';
import type { Baseline } from './baseline.ts';
import { baselineRankKey, interleave } from './interleave.ts';

/** A baseline on the board: at its score, no rank, no agent, no submission. */
export const baselineEntryView = (baseline: Baseline): LeaderboardEntryView => ({
  rank: null,
  agent_id: null,
  score: baseline.score,
  public_score: baseline.score,
  confidence_interval: null,
  stderr: null,
  cost_usd: baseline.costUsd,
  pareto: false,
  submission_id: null,
  achieved_at: baseline.createdAt,
  baseline: true,
  name: baseline.name,
  baseline_id: baseline.baselineId,
});

export interface RankedPage {
  entries: { entry: BoardEntry; rank: number }[];
  /** Null on the board's last page. */
  nextCursor: string | null;
  /** The key this page starts after in its ordering (its cursor's); undefined on the first page. */
  after?: string;
}

/** A baseline's place in the cost ordering (cost-order.ts): by its cost, then as in the score order; without a cost, last. */
export function baselineCostKey(baseline: Baseline): string {
  const byScore = baselineRankKey(baseline);
  return baseline.costUsd === null ? `N#${byScore}` : `C#${sortableCost(baseline.costUsd)}#${byScore}`;
}

/** The page's entries, each flagged by `pareto`, with the baselines among them, in the page's ordering (`sort`, default score). */
export function entriesWithBaselines(
  page: RankedPage,
  baselines: readonly Baseline[],
  pareto: (entry: BoardEntry) => boolean = () => false,
  sort: BoardSort = 'score',
  ordering: BoardOrdering = 'full',
): LeaderboardEntryView[] {
  // The keys the page's Query ordered by: the score (or, until the reveal, public-score) order, or the cost order.
  const byRank = ordering === 'public' ? publicRankKey : rankKey;
  const byCost = (entry: BoardEntry) => (ordering === 'public' ? publicCostKey(entry) : costKey(entry));
  const [entryKey, baselineKey] = sort === 'cost' ? [byCost, baselineCostKey] : [byRank, baselineRankKey];
  return interleave(
    page.entries.map(({ entry, rank }) => ({ key: entryKey(entry), item: entryView(entry, rank, pareto(entry)) })),
    baselines.map((baseline) => ({ key: baselineKey(baseline), item: baselineEntryView(baseline) })),
    page.after,
    page.nextCursor === null,
  );
}
