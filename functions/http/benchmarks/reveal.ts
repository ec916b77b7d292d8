// Reveals the benchmark's private tasks (hidden test sets); 200 with the benchmark and its
// `revealed_at`. Revealing again is 200 with the first reveal's time.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { revealBenchmark } from '#shared/benchmarks/reveal.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = mutationRoute(benchmarksRoutes['POST /v1/benchmarks/{benchmark_id}/reveal'], async ({ path, principal, correlationId }) =>
  ok(benchmarkView(await revealBenchmark(principal, path.benchmark_id, correlationId))),
);
