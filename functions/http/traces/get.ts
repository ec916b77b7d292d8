// GET /v1/submissions/{submission_id}/traces (viewer; an agent its own): the span tree, ordered
// by started_at, with token and cost totals.
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { readTrace } from '#shared/traces/operations.ts';

export const handler = httpRoute({ path: SubmissionPath }, async ({ path, principal }) => ok(await readTrace(principal!, path.submission_id)));
