// POST /v1/submissions/{submission_id}/rescore (maintainer): scores a scored or failed submission
// again; a changed score recomputes the agent's leaderboard entry.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { rescoreSubmission } from '#shared/submissions/rescore.ts';
import { submissionView } from '#shared/submissions/submission.ts';

export const handler = mutationRoute({ path: SubmissionPath }, async ({ path, principal, correlationId }) =>
  ok(submissionView(await rescoreSubmission(principal!, path.submission_id, correlationId))),
);
