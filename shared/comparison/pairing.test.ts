import { describe, expect, it } from 'vitest';
import { sharedTasks } from './pairing.ts';

const result = (task_id: string, score: number, weight = 1) => ({ task_id, score, weight });

describe('sharedTasks', () => {
  it('pairs the tasks both submissions have a result for, with a’s weight', () => {
    const a = [result('t1', 1, 2), result('t2', 0), result('only-a', 1)];
    const b = [result('t2', 1), result('t1', 0.5, 2), result('only-b', 0)];
    expect(sharedTasks(a, b, () => true)).toEqual([
      { taskId: 't1', weight: 2, a: 1, b: 0.5 },
      { taskId: 't2', weight: 1, a: 0, b: 1 },
    ]);
  });

  it('leaves out the tasks the caller may not see', () => {
    const a = [result('public', 1), result('private', 1)];
    const b = [result('public', 0), result('private', 0)];
    expect(sharedTasks(a, b, (taskId) => taskId !== 'private').map((t) => t.taskId)).toEqual(['public']);
  });
});
