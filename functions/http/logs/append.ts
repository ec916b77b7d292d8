// POST /v1/submissions/{submission_id}/logs (the submission's agent): stores up to 500 log lines,
// kept LOG_RETENTION_DAYS, and publishes them for live streaming. 200 with how many were stored.
import { requiredIntegerEnv } from '#shared/config/env.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { appendLogLines } from '#shared/logs/append.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { AppendLogLines } from '#shared/schemas/traces.ts';

const retentionDays = requiredIntegerEnv('LOG_RETENTION_DAYS');

export const handler = mutationRoute({ path: SubmissionPath, body: AppendLogLines }, async ({ path, body, principal, correlationId }) =>
  ok({ accepted: await appendLogLines(principal!, path.submission_id, body.lines, { correlationId, retentionDays }) }),
);
