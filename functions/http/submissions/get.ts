// GET /v1/submissions/{submission_id} (viewer; an agent its own): status, score, per-task results.
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { getSubmission } from '#shared/submissions/read.ts';
import { submissionView } from '#shared/submissions/submission.ts';

export const handler = httpRoute({ path: SubmissionPath }, async ({ path, principal }) =>
  ok(submissionView(await getSubmission(principal!, path.submission_id))),
);
