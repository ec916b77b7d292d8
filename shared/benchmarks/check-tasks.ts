// The tasks a benchmark may hold: unique ids, and scorers that fit their expected values and run
// safely, and at least one public task. Plain TypeScript, apart from benchmark.ts so that readers of benchmarks do not carry the
// scoring engine.
import { validationFailed } from '#shared/http/errors.ts';
import { scorerProblem, type TaskDefinition } from '#shared/scoring/index.ts';
import { normaliseTasks } from './benchmark.ts';

/** 400 with every problem: duplicate task ids, scorers that do not fit their expected value or cannot run safely. */
export function checkTasks(tasks: TaskDefinition[]): TaskDefinition[] {
  const problems: { location: string; path: string; message: string }[] = [];
  const seen = new Set<string>();
  tasks.forEach((task, index) => {
    if (seen.has(task.task_id)) problems.push({ location: 'body', path: `tasks.${index}.task_id`, message: `duplicate task_id ${task.task_id}` });
    seen.add(task.task_id);
    const problem = scorerProblem(task);
    if (problem) problems.push({ location: 'body', path: `tasks.${index}.scorer`, message: problem });
  });
  // Hidden test sets rank by the public tasks until the reveal: there must be one.
  if (tasks.length > 0 && tasks.every((task) => task.split === 'private'))
    problems.push({
      location: 'body',
      path: 'tasks',
      message: 'at least one task must be public: the board ranks by the public tasks until the reveal',
    });
  if (problems.length > 0) throw validationFailed('Some tasks are invalid', problems);
  return normaliseTasks(tasks);
}
