// GET /v1/benchmarks/{benchmark_id}/submissions?agent_id=&status= (viewer; an agent sees its own).
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';
import { SubmissionListQuery } from '#shared/schemas/submissions.ts';
import { listSubmissions } from '#shared/submissions/read.ts';

export const handler = httpRoute({ path: BenchmarkPath, query: SubmissionListQuery }, async ({ path, query, principal }) =>
  ok(await listSubmissions(principal!, path.benchmark_id, { agentId: query.agent_id, status: query.status }, query.limit, query.cursor)),
);
