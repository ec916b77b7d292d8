// A leaderboard page with its baselines: the agents' entries as the board Query returned them
// (ranked, ranks carrying on across pages) and the version's baselines that fall within the page.
// Plain TypeScript.
import { entryView, rankKey, type BoardEntry } from '#shared/leaderboard/ranking.ts';
import type { LeaderboardEntryView } from '#shared/schemas/submissions.ts';
import type { Baseline } from './baseline.ts';
import { baselineRankKey, interleave } from './interleave.ts';

/** A baseline on the board: at its score, no rank, no agent, no submission. */
export const baselineEntryView = (baseline: Baseline): LeaderboardEntryView => ({
  rank: null,
  agent_id: null,
  score: baseline.score,
  confidence_interval: null,
  stderr: null,
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
  /** The rank key this page starts after (its cursor's); undefined on the first page. */
  after?: string;
}

/** The page's entries with the baselines among them, in board order. */
export function entriesWithBaselines(page: RankedPage, baselines: readonly Baseline[]): LeaderboardEntryView[] {
  return interleave(
    page.entries.map(({ entry, rank }) => ({ key: rankKey(entry), item: entryView(entry, rank) })),
    baselines.map((baseline) => ({ key: baselineRankKey(baseline), item: baselineEntryView(baseline) })),
    page.after,
    page.nextCursor === null,
  );
}
