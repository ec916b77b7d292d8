// Stores up to 500 log lines,
// kept LOG_RETENTION_DAYS, and publishes them for live streaming. 200 with how many were stored.
import { requiredIntegerEnv } from '#shared/config/env.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { appendLogLines } from '#shared/logs/append.ts';
import { logsRoutes } from '#shared/routes/logs.ts';

const retentionDays = requiredIntegerEnv('LOG_RETENTION_DAYS');

export const handler = mutationRoute(logsRoutes['POST /v1/submissions/{submission_id}/logs'], async ({ path, body, principal, correlationId }) =>
  ok({ accepted: await appendLogLines(principal, path.submission_id, body.lines, { correlationId, retentionDays }) }),
);
