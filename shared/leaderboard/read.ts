// Reading a benchmark's leaderboard (the route and the WebSocket snapshot): ranked entries of the
// current (or a given) version, one Query per page, for a principal that may see the benchmark;
// the version's baselines (one more Query) placed among them, each entry flagged when it is on the
// board's Pareto frontier (one more read: the frontier item).
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { entriesWithBaselines } from '#shared/baselines/board.ts';
import { baselinesOfVersion } from '#shared/store/baselines.ts';
import { boardPage, boardPageByCost } from '#shared/store/leaderboard.ts';
import { readFrontier, type BoardRef } from '#shared/store/leaderboard-frontier.ts';
import type { BoardSort } from './cost-order.ts';
import { onFrontier } from './pareto.ts';

export interface BoardPageRequest {
  /** Default: the benchmark's current version. */
  version?: number;
  limit: number;
  cursor?: string;
  /** Default `score`, the rank order; `cost` (cost-order.ts) keeps each entry's score rank. */
  sort?: BoardSort;
}

export async function leaderboardPage(actor: Principal, benchmarkId: string, request: BoardPageRequest) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = request.version ?? benchmark.version;
  const board = { tenantId: actor.tenantId, benchmarkId: benchmark.benchmarkId, version };
  const [page, frontier, baselines] = await Promise.all([
    orderedBoardPage(board, request),
    readFrontier(board, false),
    baselinesOfVersion(actor.tenantId, benchmark.benchmarkId, version),
  ]);
  return {
    benchmark_id: benchmark.benchmarkId,
    version,
    leaderboard_rule: benchmark.leaderboardRule,
    entries: entriesWithBaselines(page, baselines, (entry) => onFrontier(frontier.members, entry), request.sort),
    next_cursor: page.nextCursor,
  };
}

/** The page in the ordering asked for (each ordering's cursors serve only that ordering). */
function orderedBoardPage(board: BoardRef, request: BoardPageRequest) {
  const read = request.sort === 'cost' ? boardPageByCost : boardPage;
  return read(board.tenantId, board.benchmarkId, board.version, request.limit, request.cursor);
}
