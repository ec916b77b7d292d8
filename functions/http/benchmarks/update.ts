// Name, description, rule and limit change in
// place; new tasks make a new version with its own leaderboard.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { changeBenchmark } from '#shared/benchmarks/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = mutationRoute(benchmarksRoutes['PATCH /v1/benchmarks/{benchmark_id}'], async ({ path, body, principal }) => {
  const { benchmark, version } = await changeBenchmark(principal, path.benchmark_id, body);
  return ok(benchmarkView(benchmark, { list: version.tasks, forAgent: false }));
});
