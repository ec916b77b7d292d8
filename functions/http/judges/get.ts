// One judge (never its secret).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { judgeView } from '#shared/judges/judge.ts';
import { getJudge } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';

export const handler = route(judgesRoutes['GET /v1/judges/{judge_id}'], async ({ path, principal }) =>
  ok(judgeView(await getJudge(principal, path.judge_id))),
);
