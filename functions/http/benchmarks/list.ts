// The tenant's benchmarks, oldest first, without tasks.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { benchmarksPage } from '#shared/store/benchmarks.ts';
import { benchmarksRoutes } from '#shared/routes/benchmarks.ts';

export const handler = route(benchmarksRoutes['GET /v1/benchmarks'], async ({ query, principal }) => {
  const page = await benchmarksPage(principal.tenantId, query.limit, query.cursor);
  return ok({ items: page.benchmarks.map((b) => benchmarkView(b)), next_cursor: page.nextCursor });
});
