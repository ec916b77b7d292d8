// Baselines: named reference scores (a published model, a human, a trivial strategy) that a
// maintainer places on one version of a benchmark's leaderboard. They sit among the agents at their
// score and take no rank. Plain TypeScript.
import type { BaselineView } from '#shared/schemas/responses/baselines.ts';

/** At most this many per benchmark version: every leaderboard page reads them all (one Query, a few KB). */
export const MAX_BASELINES_PER_VERSION = 50;

export interface Baseline {
  baselineId: string;
  tenantId: string;
  benchmarkId: string;
  version: number;
  name: string;
  /** In [0, 1], kept to 6 decimals like a submission's score (and the board's rank key). */
  score: number;
  costUsd: number | null;
  createdAt: string;
  createdBy: string;
}

export interface BaselineInput {
  name: string;
  score: number;
  cost_usd?: number;
}

const SCALE = 1_000_000;

export function newBaseline(
  owner: Pick<Baseline, 'baselineId' | 'tenantId' | 'benchmarkId' | 'version'>,
  input: BaselineInput,
  createdBy: string,
  now: Date,
): Baseline {
  return {
    ...owner,
    name: input.name,
    score: Math.round(input.score * SCALE) / SCALE,
    costUsd: input.cost_usd ?? null,
    createdAt: now.toISOString(),
    createdBy,
  };
}

export const baselineView = (baseline: Baseline): BaselineView => ({
  baseline_id: baseline.baselineId,
  benchmark_id: baseline.benchmarkId,
  version: baseline.version,
  name: baseline.name,
  score: baseline.score,
  cost_usd: baseline.costUsd,
  created_at: baseline.createdAt,
  created_by: baseline.createdBy,
});
