// The span tree, ordered
// by started_at, with token and cost totals.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { readTrace } from '#shared/traces/operations.ts';
import { tracesRoutes } from '#shared/routes/traces.ts';

export const handler = route(tracesRoutes['GET /v1/submissions/{submission_id}/traces'], async ({ path, principal }) =>
  ok(await readTrace(principal, path.submission_id)),
);
