// GET /v1/benchmarks/{benchmark_id}/submissions?agent_id=&status= (viewer; an agent sees its own).
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';
import { SubmissionListQuery } from '#shared/schemas/submissions.ts';
import { submissionsPage } from '#shared/store/submissions.ts';
import { submissionView } from '#shared/submissions/submission.ts';

export const handler = httpRoute({ path: BenchmarkPath, query: SubmissionListQuery }, async ({ path, query, principal }) => {
  await getBenchmark(principal!, path.benchmark_id);
  const agentId = principal!.principalType === 'agent' ? principal!.agentId! : query.agent_id;
  const page = await submissionsPage(principal!.tenantId, path.benchmark_id, { agentId, status: query.status }, query.limit, query.cursor);
  return ok({ items: page.submissions.map(submissionView), next_cursor: page.nextCursor });
});
