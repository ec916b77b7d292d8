// Cancels a queued submission; it no longer counts against the daily quota.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { cancelSubmission } from '#shared/submissions/cancel.ts';
import { submissionsRoutes } from '#shared/routes/submissions.ts';
import { visibleSubmissionView } from '#shared/submissions/read.ts';

export const handler = mutationRoute(submissionsRoutes['POST /v1/submissions/{submission_id}/cancel'], async ({ path, principal }) =>
  ok(await visibleSubmissionView(principal, await cancelSubmission(principal, path.submission_id))),
);
