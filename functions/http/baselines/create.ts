// Places a baseline on a version's leaderboard; 201 with it.
import { addBaseline } from '#shared/baselines/operations.ts';
import { baselineView } from '#shared/baselines/baseline.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { created } from '#shared/http/response.ts';
import { baselinesRoutes } from '#shared/routes/baselines.ts';

export const handler = mutationRoute(
  baselinesRoutes['POST /v1/benchmarks/{benchmark_id}/baselines'],
  async ({ path, body, principal, correlationId }) => {
    const baseline = await addBaseline(principal, path.benchmark_id, body, correlationId);
    return created(baselineView(baseline), `/v1/benchmarks/${baseline.benchmarkId}/baselines/${baseline.baselineId}`);
  },
);
