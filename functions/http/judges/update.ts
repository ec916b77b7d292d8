// Changes a judge's name, URL (the webhook URL rules) or description.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { judgeView } from '#shared/judges/judge.ts';
import { updateJudge } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';
import { addressPolicy } from '#shared/webhooks/settings.ts';

const policy = addressPolicy();

export const handler = mutationRoute(judgesRoutes['PATCH /v1/judges/{judge_id}'], async ({ path, body, principal }) =>
  ok(judgeView(await updateJudge(principal, path.judge_id, body, policy))),
);
