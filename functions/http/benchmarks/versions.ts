// Every version, oldest first.
import { versionView } from '#shared/benchmarks/benchmark.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { versionsPage } from '#shared/store/benchmarks.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = route(benchmarksRoutes['GET /v1/benchmarks/{benchmark_id}/versions'], async ({ path, query, principal }) => {
  await getBenchmark(principal, path.benchmark_id);
  const page = await versionsPage(principal.tenantId, path.benchmark_id, query.limit, query.cursor);
  return ok({ items: page.versions.map(versionView), next_cursor: page.nextCursor });
});
