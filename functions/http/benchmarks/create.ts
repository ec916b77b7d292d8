// Defines a benchmark (version 1); 201 with its tasks.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { defineBenchmark } from '#shared/benchmarks/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { created } from '#shared/http/response.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = mutationRoute(benchmarksRoutes['POST /v1/benchmarks'], async ({ body, principal }) => {
  const { benchmark, version } = await defineBenchmark(principal, body);
  return created(benchmarkView(benchmark, { list: version.tasks, forAgent: false }), `/v1/benchmarks/${benchmark.benchmarkId}`);
});
