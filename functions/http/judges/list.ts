// The tenant's judges, oldest first (never their secrets).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { judgeView } from '#shared/judges/judge.ts';
import { listJudges } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';

export const handler = route(judgesRoutes['GET /v1/judges'], async ({ query, principal }) => {
  const page = await listJudges(principal, query.limit, query.cursor);
  return ok({ items: page.judges.map((judge) => judgeView(judge)), next_cursor: page.nextCursor });
});
