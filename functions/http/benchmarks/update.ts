// PATCH /v1/benchmarks/{benchmark_id} (maintainer): name, description, rule and limit change in
// place; new tasks make a new version with its own leaderboard.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { changeBenchmark } from '#shared/benchmarks/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { BenchmarkPath, UpdateBenchmark } from '#shared/schemas/benchmarks.ts';

export const handler = mutationRoute({ path: BenchmarkPath, body: UpdateBenchmark }, async ({ path, body, principal }) => {
  const { benchmark, version } = await changeBenchmark(principal!, path.benchmark_id, body);
  return ok(benchmarkView(benchmark, { list: version.tasks, forAgent: false }));
});
