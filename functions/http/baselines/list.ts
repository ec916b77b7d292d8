// The baselines of the current (or given) version, oldest first.
import { baselineView } from '#shared/baselines/baseline.ts';
import { listBaselines } from '#shared/baselines/operations.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { baselinesRoutes } from '#shared/routes/baselines.ts';

export const handler = route(baselinesRoutes['GET /v1/benchmarks/{benchmark_id}/baselines'], async ({ path, query, principal }) => {
  const { benchmark, version, baselines } = await listBaselines(principal, path.benchmark_id, query.version);
  return ok({ benchmark_id: benchmark.benchmarkId, version, items: baselines.map(baselineView) });
});
