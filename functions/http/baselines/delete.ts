// Takes a baseline off its leaderboard.
import { removeBaseline } from '#shared/baselines/operations.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { baselinesRoutes } from '#shared/routes/baselines.ts';

export const handler = mutationRoute(
  baselinesRoutes['DELETE /v1/benchmarks/{benchmark_id}/baselines/{baseline_id}'],
  async ({ path, principal, correlationId }) => {
    await removeBaseline(principal, path.benchmark_id, path.baseline_id, correlationId);
    return noContent();
  },
);
