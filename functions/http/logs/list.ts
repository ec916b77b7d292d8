// Log lines in time order,
// paged with ?limit= and ?cursor=.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { logPage } from '#shared/logs/page.ts';
import { logsRoutes } from '#shared/routes/logs.ts';

export const handler = route(logsRoutes['GET /v1/submissions/{submission_id}/logs'], async ({ path, query, principal }) =>
  ok(await logPage(principal, path.submission_id, query.limit, query.cursor)),
);
