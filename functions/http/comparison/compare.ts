// Two agents' leaderboard entries compared on their shared tasks (paired bootstrap, sign-flip test).
import { compareAgents } from '#shared/comparison/compare.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { comparisonRoutes } from '#shared/routes/comparison.ts';

export const handler = route(comparisonRoutes['GET /v1/benchmarks/{benchmark_id}/compare'], async ({ path, query, principal }) =>
  ok(await compareAgents(principal, path.benchmark_id, query)),
);
