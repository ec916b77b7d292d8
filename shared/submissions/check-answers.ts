// The answers a submission may carry: only tasks of the version, each once, and one attempt at a
// judge-scored task (a judge call per attempt would multiply the judging worker's worst case, which
// its timeout is sized for: shared/judges/timing.ts). Plain TypeScript, apart from submission.ts so
// that readers of submissions do not carry the scoring engine.
import { validationFailed } from '#shared/http/errors.ts';
import { duplicateTaskIds, isJudgeTask, unknownTaskIds, type Answer, type TaskDefinition } from '#shared/scoring/index.ts';

/** The 400 for answers that name tasks the version does not have, answer one task twice, or try a judge-scored task more than once. */
export function checkAnswers(tasks: Pick<TaskDefinition, 'task_id' | 'scorer'>[], answers: Pick<Answer, 'task_id' | 'outputs'>[]): void {
  const unknown = unknownTaskIds(tasks, answers);
  if (unknown.length) throw validationFailed('Some answers name tasks this benchmark does not have', { unknown_task_ids: unknown });
  const duplicates = duplicateTaskIds(answers);
  if (duplicates.length) throw validationFailed('Some tasks are answered more than once', { duplicate_task_ids: duplicates });
  const judged = new Set(tasks.filter(isJudgeTask).map((task) => task.task_id));
  const retried = answers.filter((a) => judged.has(a.task_id) && (a.outputs?.length ?? 1) > 1).map((a) => a.task_id);
  if (retried.length) throw validationFailed('A judge-scored task takes one attempt (output, or outputs with one item)', { judge_task_ids: retried });
}
