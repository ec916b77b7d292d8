// Reading a benchmark's leaderboard (the route and the WebSocket snapshot): ranked entries of the
// current (or a given) version, one Query per page, for a principal that may see the benchmark.
// Hidden test sets: a version with private tasks is ranked by public_score until the reveal, by
// score after (two orderings kept current, visibility.ts boardOrdering), and its entries' score,
// interval and stderr are null for whoever may not see them yet.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { boardOrdering, visibilityRole, visibleScores, type BoardOrdering } from '#shared/benchmarks/visibility.ts';
import { findVersion } from '#shared/store/benchmarks.ts';
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
  // The benchmark counts its current version's private tasks; an older version's are read from it.
  const hasPrivateTasks =
    version === benchmark.version
      ? benchmark.privateTaskCount > 0
      : ((await findVersion(actor.tenantId, benchmark.benchmarkId, version))?.tasks.some((task) => task.split === 'private') ?? false);
  const ordering: BoardOrdering = hasPrivateTasks ? boardOrdering(benchmark.revealedAt) : 'full';
  const role = visibilityRole(actor);
  const page = await boardPage(actor.tenantId, benchmark.benchmarkId, version, request.limit, request.cursor, ordering);
  return {
    benchmark_id: benchmark.benchmarkId,
    version,
    leaderboard_rule: benchmark.leaderboardRule,
    ordering,
    entries: page.entries.map(({ entry, rank }) => visibleScores(entryView(entry, rank), role, hasPrivateTasks, benchmark.revealedAt)),
    next_cursor: page.nextCursor,
  };
}
