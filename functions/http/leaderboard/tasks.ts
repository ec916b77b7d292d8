// Per-task leaderboard: each task's score for each ranked agent of a board page.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { leaderboardTasksPage } from '#shared/leaderboard/read-tasks.ts';
import { leaderboardRoutes } from '#shared/routes/leaderboard.ts';

export const handler = route(leaderboardRoutes['GET /v1/benchmarks/{benchmark_id}/leaderboard/tasks'], async ({ path, query, principal }) =>
  ok(await leaderboardTasksPage(principal, path.benchmark_id, query)),
);
