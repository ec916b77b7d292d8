// Deletes a judge.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { deleteJudge } from '#shared/judges/operations.ts';
import { judgesRoutes } from '#shared/routes/judges.ts';

export const handler = mutationRoute(judgesRoutes['DELETE /v1/judges/{judge_id}'], async ({ path, principal }) => {
  await deleteJudge(principal, path.judge_id);
  return noContent();
});
