// Scores a scored or failed submission again; a changed score recomputes the agent's leaderboard
// entry.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { rescoreSubmission } from '#shared/submissions/rescore.ts';
import { submissionsRoutes } from '#shared/routes/submissions.ts';
import { visibleSubmissionView } from '#shared/submissions/read.ts';

export const handler = mutationRoute(submissionsRoutes['POST /v1/submissions/{submission_id}/rescore'], async ({ path, principal, correlationId }) =>
  ok(await visibleSubmissionView(principal, await rescoreSubmission(principal, path.submission_id, correlationId))),
);
