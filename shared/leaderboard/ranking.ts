// Leaderboard order: higher score first, ties to whoever reached the score first. The order is
// encoded in one sortable string so a board page is one ascending index Query. Plain TypeScript.
import type { ConfidenceInterval } from '#shared/scoring/uncertainty.ts';
import type { LeaderboardEntryView } from '#shared/schemas/responses/leaderboard.ts';
export type LeaderboardRule = 'best' | 'latest';

export interface BoardEntry {
  tenantId: string;
  benchmarkId: string;
  version: number;
  agentId: string;
  submissionId: string;
  score: number;
  /** Over the public tasks only (hidden test sets): what the public ordering ranks by (public-ordering.ts). */
  publicScore: number;
  /** The submission's interval and standard error; null on entries stored before they existed. */
  confidenceInterval: ConfidenceInterval | null;
  stderr: number | null;
  /** The submission's `usage.cost_usd`; null (or absent, on entries stored before costs) when it has none. */
  costUsd?: number | null;
  /** When the agent reached this score (its submission's time). */
  achievedAt: string;
}

const SCALE = 1_000_000;

/** Ascending order of this key is the board's order. Scores are in [0, 1], kept to 6 decimals. */
export function rankKey(entry: Pick<BoardEntry, 'score' | 'achievedAt' | 'agentId'>): string {
  const inverted = SCALE - Math.round(entry.score * SCALE);
  return `${String(inverted).padStart(7, '0')}#${entry.achievedAt}#${entry.agentId}`;
}

/** Which of two entries of one agent the board keeps under a rule. */
export function preferred(rule: LeaderboardRule, a: BoardEntry, b: BoardEntry): BoardEntry {
  if (rule === 'latest') return a.achievedAt >= b.achievedAt ? a : b;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  return a.achievedAt <= b.achievedAt ? a : b;
}

export const entryView = (entry: BoardEntry, rank: number, pareto = false): LeaderboardEntryView => ({
  rank,
  agent_id: entry.agentId,
  score: entry.score,
  public_score: entry.publicScore,
  confidence_interval: entry.confidenceInterval,
  stderr: entry.stderr,
  cost_usd: entry.costUsd ?? null,
  pareto,
  submission_id: entry.submissionId,
  achieved_at: entry.achievedAt,
  baseline: false,
  name: null,
  baseline_id: null,
});
