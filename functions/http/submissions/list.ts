// An agent sees only its own submissions.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { listSubmissions } from '#shared/submissions/read.ts';
import { submissionsRoutes } from '#shared/routes/submissions.ts';

export const handler = route(submissionsRoutes['GET /v1/benchmarks/{benchmark_id}/submissions'], async ({ path, query, principal }) =>
  ok(await listSubmissions(principal, path.benchmark_id, { agentId: query.agent_id, status: query.status }, query.limit, query.cursor)),
);
