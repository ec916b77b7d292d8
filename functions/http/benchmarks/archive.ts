// Archives the benchmark (no new submissions;
// its submissions and boards stay readable).
import { archiveBenchmark } from '#shared/benchmarks/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = mutationRoute(benchmarksRoutes['DELETE /v1/benchmarks/{benchmark_id}'], async ({ path, principal }) => {
  await archiveBenchmark(principal, path.benchmark_id);
  return noContent();
});
