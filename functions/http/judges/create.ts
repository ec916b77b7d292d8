// Registers a judge; 201 with its `secret`, shown this once.
import { created } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { judgeView } from '#shared/judges/judge.ts';
import { registerJudge } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';
import { addressPolicy } from '#shared/webhooks/settings.ts';

const policy = addressPolicy();

export const handler = mutationRoute(judgesRoutes['POST /v1/judges'], async ({ body, principal }) => {
  const { judge, secret } = await registerJudge(principal, body, policy);
  return created({ ...judgeView(judge), secret }, `/v1/judges/${judge.judgeId}`);
});
