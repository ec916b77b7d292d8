// Stores up to 500 spans;
// a span posted again (same span_id) replaces the stored one. 200 with how many were stored.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { appendSpans } from '#shared/traces/operations.ts';
import { tracesRoutes } from '#shared/routes/traces.ts';

export const handler = mutationRoute(tracesRoutes['POST /v1/submissions/{submission_id}/traces'], async ({ path, body, principal }) =>
  ok({ accepted: await appendSpans(principal, path.submission_id, body.spans) }),
);
