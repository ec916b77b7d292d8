// GET /v1/submissions/{submission_id}/logs (viewer; an agent its own): log lines in time order,
// paged with ?limit= and ?cursor=.
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { logPage } from '#shared/logs/page.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { LogQuery } from '#shared/schemas/traces.ts';

export const handler = httpRoute({ path: SubmissionPath, query: LogQuery }, async ({ path, query, principal }) =>
  ok(await logPage(principal!, path.submission_id, query.limit, query.cursor)),
);
