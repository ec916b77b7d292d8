// Reading a benchmark's leaderboard (the route and the WebSocket snapshot): ranked entries of the
// current (or a given) version, one Query per page, for a principal that may see the benchmark;
// the version's baselines (one more Query) placed among them.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { entriesWithBaselines } from '#shared/baselines/board.ts';
import { baselinesOfVersion } from '#shared/store/baselines.ts';
import { boardPage } from '#shared/store/leaderboard.ts';

export interface BoardPageRequest {
  /** Default: the benchmark's current version. */
  version?: number;
  limit: number;
  cursor?: string;
}

export async function leaderboardPage(actor: Principal, benchmarkId: string, request: BoardPageRequest) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = request.version ?? benchmark.version;
  const [page, baselines] = await Promise.all([
    boardPage(actor.tenantId, benchmark.benchmarkId, version, request.limit, request.cursor),
    baselinesOfVersion(actor.tenantId, benchmark.benchmarkId, version),
  ]);
  return {
    benchmark_id: benchmark.benchmarkId,
    version,
    leaderboard_rule: benchmark.leaderboardRule,
    entries: entriesWithBaselines(page, baselines),
    next_cursor: page.nextCursor,
  };
}
