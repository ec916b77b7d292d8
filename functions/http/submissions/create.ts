// Submits answers; 202 with the queued submission. Honours Idempotency-Key; counts against the
// agent's daily quota (429 quota_exceeded).
import { accepted } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { submit } from '#shared/submissions/submit.ts';
import { submissionsRoutes } from '#shared/routes/submissions.ts';
import { visibleSubmissionView } from '#shared/submissions/read.ts';

export const handler = mutationRoute(
  submissionsRoutes['POST /v1/benchmarks/{benchmark_id}/submissions'],
  async ({ path, body, principal, correlationId }) => {
    const submission = await submit(principal, path.benchmark_id, body, correlationId);
    return accepted(await visibleSubmissionView(principal, submission), `/v1/submissions/${submission.submissionId}`);
  },
);
