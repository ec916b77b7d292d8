// The benchmark with its current tasks
// (agents never see the expected answers).
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { getBenchmarkWithTasks } from '#shared/benchmarks/operations.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = route(benchmarksRoutes['GET /v1/benchmarks/{benchmark_id}'], async ({ path, principal }) => {
  const { benchmark, version } = await getBenchmarkWithTasks(principal, path.benchmark_id);
  return ok(benchmarkView(benchmark, { list: version.tasks, forAgent: principal.principalType === 'agent' }));
});
