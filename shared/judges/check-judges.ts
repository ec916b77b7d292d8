// The judge-scored tasks a benchmark version may hold: each names a judge of the tenant, and there
// are at most MAX_JUDGE_TASKS of them (what the judging worker's timeout is sized for).
import { validationFailed } from '#shared/http/errors.ts';
import { isJudgeTask, type TaskDefinition } from '#shared/scoring/index.ts';
import { findJudge } from '#shared/store/judges.ts';
import { MAX_JUDGE_TASKS } from './timing.ts';

/** 400 naming every judge-scored task whose judge the tenant does not have, or too many such tasks. */
export async function checkJudgeScorers(tenantId: string, tasks: readonly TaskDefinition[]): Promise<void> {
  const judged = tasks.flatMap((task, index) => (isJudgeTask(task) ? [{ index, judgeId: (task.scorer as { judge_id: string }).judge_id }] : []));
  if (judged.length === 0) return;
  if (judged.length > MAX_JUDGE_TASKS)
    throw validationFailed(`A version may hold at most ${MAX_JUDGE_TASKS} judge-scored tasks; these tasks have ${judged.length}`, [
      { location: 'body', path: 'tasks', message: `at most ${MAX_JUDGE_TASKS} judge-scored tasks` },
    ]);
  const ids = [...new Set(judged.map((task) => task.judgeId))];
  const found = await Promise.all(ids.map(async (id) => [id, (await findJudge(tenantId, id)) !== undefined] as const));
  const missing = new Set(found.filter(([, exists]) => !exists).map(([id]) => id));
  const problems = judged
    .filter((task) => missing.has(task.judgeId))
    .map((task) => ({ location: 'body', path: `tasks.${task.index}.scorer.judge_id`, message: `no judge ${task.judgeId} in this tenant` }));
  if (problems.length > 0) throw validationFailed('Some tasks name judges that do not exist', problems);
}
