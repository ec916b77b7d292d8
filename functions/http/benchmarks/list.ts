// GET /v1/benchmarks (viewer, agent): the tenant's benchmarks, oldest first, without tasks.
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { benchmarksPage } from '#shared/store/benchmarks.ts';

export const handler = httpRoute({ query: PageQuery }, async ({ query, principal }) => {
  const page = await benchmarksPage(principal!.tenantId, query.limit, query.cursor);
  return ok({ items: page.benchmarks.map((b) => benchmarkView(b)), next_cursor: page.nextCursor });
});
