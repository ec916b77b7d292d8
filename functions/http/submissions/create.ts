// POST /v1/benchmarks/{benchmark_id}/submissions (agent): submits answers; 202 with the queued
// submission. Honours Idempotency-Key; counts against the agent's daily quota (429 quota_exceeded).
import { accepted } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { BenchmarkPath } from '#shared/schemas/benchmarks.ts';
import { CreateSubmission } from '#shared/schemas/submissions.ts';
import { submit } from '#shared/submissions/submit.ts';
import { submissionView } from '#shared/submissions/submission.ts';

export const handler = mutationRoute({ path: BenchmarkPath, body: CreateSubmission }, async ({ path, body, principal, correlationId }) => {
  const submission = await submit(principal!, path.benchmark_id, body, correlationId);
  return accepted(submissionView(submission), `/v1/submissions/${submission.submissionId}`);
});
