// GET /v1/benchmarks/{benchmark_id}/leaderboard?version= (viewer, agent): ranked entries of the
// current (or given) version, one Query per page.
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { entryView } from '#shared/leaderboard/ranking.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';
import { LeaderboardQuery } from '#shared/schemas/submissions.ts';
import { boardPage } from '#shared/store/leaderboard.ts';

export const handler = httpRoute({ path: BenchmarkPath, query: LeaderboardQuery }, async ({ path, query, principal }) => {
  const benchmark = await getBenchmark(principal!, path.benchmark_id);
  const version = query.version ?? benchmark.version;
  const page = await boardPage(principal!.tenantId, benchmark.benchmarkId, version, query.limit, query.cursor);
  return ok({
    benchmark_id: benchmark.benchmarkId,
    version,
    leaderboard_rule: benchmark.leaderboardRule,
    items: page.entries.map(({ entry, rank }) => entryView(entry, rank)),
    next_cursor: page.nextCursor,
  });
});
