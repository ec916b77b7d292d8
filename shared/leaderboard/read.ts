// Reading a benchmark's leaderboard (the route and the WebSocket snapshot): ranked entries of the
// current (or a given) version, one Query per page, for a principal that may see the benchmark.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { boardPage } from '#shared/store/leaderboard.ts';
import { entryView } from './ranking.ts';

export interface BoardPageRequest {
  /** Default: the benchmark's current version. */
  version?: number;
  limit: number;
  cursor?: string;
}

export async function leaderboardPage(actor: Principal, benchmarkId: string, request: BoardPageRequest) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = request.version ?? benchmark.version;
  const page = await boardPage(actor.tenantId, benchmark.benchmarkId, version, request.limit, request.cursor);
  return {
    benchmark_id: benchmark.benchmarkId,
    version,
    leaderboard_rule: benchmark.leaderboardRule,
    entries: page.entries.map(({ entry, rank }) => entryView(entry, rank)),
    next_cursor: page.nextCursor,
  };
}
