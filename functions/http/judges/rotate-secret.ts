// A new secret (shown once); judge requests carry signatures with both secrets during the overlap
// (`overlap_seconds`, default WEBHOOK_SECRET_OVERLAP_SECONDS), as webhook deliveries do.
import { readSettings } from '#shared/config/settings.ts';
import { WEBHOOK_SECRET_OVERLAP_SECONDS } from '#shared/contract/settings.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { judgeView } from '#shared/judges/judge.ts';
import { rotateJudgeSecret } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';

const { WEBHOOK_SECRET_OVERLAP_SECONDS: defaultOverlapSeconds } = readSettings({ WEBHOOK_SECRET_OVERLAP_SECONDS });

export const handler = mutationRoute(judgesRoutes['POST /v1/judges/{judge_id}/rotate-secret'], async ({ path, body, principal }) => {
  const { judge, secret } = await rotateJudgeSecret(principal, path.judge_id, body?.overlap_seconds ?? defaultOverlapSeconds);
  return ok({ ...judgeView(judge), secret });
});
