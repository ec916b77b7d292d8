// The answers a submission may carry: only tasks of the version, each once. Plain TypeScript, apart
// from submission.ts so that readers of submissions do not carry the scoring engine.
import { validationFailed } from '#shared/http/errors.ts';
import { duplicateTaskIds, unknownTaskIds, type Answer, type TaskDefinition } from '#shared/scoring/index.ts';

/** The 400 for answers that name tasks the version does not have, or answer one task twice. */
export function checkAnswers(tasks: Pick<TaskDefinition, 'task_id'>[], answers: Pick<Answer, 'task_id'>[]): void {
  const unknown = unknownTaskIds(tasks, answers);
  if (unknown.length) throw validationFailed('Some answers name tasks this benchmark does not have', { unknown_task_ids: unknown });
  const duplicates = duplicateTaskIds(answers);
  if (duplicates.length) throw validationFailed('Some tasks are answered more than once', { duplicate_task_ids: duplicates });
}
