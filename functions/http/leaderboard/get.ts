// Ranked entries of the current (or given) version, one Query per page.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { leaderboardPage } from '#shared/leaderboard/read.ts';
import { leaderboardRoutes } from '#shared/routes/leaderboard.ts';

export const handler = route(leaderboardRoutes['GET /v1/benchmarks/{benchmark_id}/leaderboard'], async ({ path, query, principal }) => {
  const { entries, next_cursor, ...board } = await leaderboardPage(principal, path.benchmark_id, query);
  return ok({ ...board, items: entries, next_cursor });
});
