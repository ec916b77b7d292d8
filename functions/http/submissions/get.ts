// Status, score, per-task results.
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { getSubmission, visibleSubmissionView } from '#shared/submissions/read.ts';
import { submissionsRoutes } from '#shared/routes/submissions.ts';

export const handler = route(submissionsRoutes['GET /v1/submissions/{submission_id}'], async ({ path, principal }) =>
  ok(await visibleSubmissionView(principal, await getSubmission(principal, path.submission_id))),
);
