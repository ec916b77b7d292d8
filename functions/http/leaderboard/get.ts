// GET /v1/benchmarks/{benchmark_id}/leaderboard?version= (viewer, agent): ranked entries of the
// current (or given) version, one Query per page.
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { leaderboardPage } from '#shared/leaderboard/read.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';
import { LeaderboardQuery } from '#shared/schemas/submissions.ts';

export const handler = httpRoute({ path: BenchmarkPath, query: LeaderboardQuery }, async ({ path, query, principal }) => {
  const { entries, next_cursor, ...board } = await leaderboardPage(principal!, path.benchmark_id, query);
  return ok({ ...board, items: entries, next_cursor });
});
