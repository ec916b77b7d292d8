// POST /v1/submissions/{submission_id}/cancel (its agent, or a maintainer): cancels a queued
// submission; it no longer counts against the daily quota.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { SubmissionPath } from '#shared/schemas/submissions.ts';
import { cancelSubmission } from '#shared/submissions/cancel.ts';
import { submissionView } from '#shared/submissions/submission.ts';

export const handler = mutationRoute({ path: SubmissionPath }, async ({ path, principal }) =>
  ok(submissionView(await cancelSubmission(principal!, path.submission_id))),
);
