// GET /v1/benchmarks/{benchmark_id} (viewer, agent): the benchmark with its current tasks
// (agents never see the expected answers).
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { getBenchmarkWithTasks } from '#shared/benchmarks/operations.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';

export const handler = httpRoute({ path: BenchmarkPath }, async ({ path, principal }) => {
  const { benchmark, version } = await getBenchmarkWithTasks(principal!, path.benchmark_id);
  return ok(benchmarkView(benchmark, { list: version.tasks, forAgent: principal!.principalType === 'agent' }));
});
