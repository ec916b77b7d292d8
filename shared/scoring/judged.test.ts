import { describe, expect, it } from 'vitest';
import { scorerProblem } from './compile.ts';
import { needsJudges, UnjudgedTaskError } from './judged.ts';
import { scoreSubmission, scoreTask } from './score-answers.ts';
import type { TaskDefinition } from './types.ts';

const JUDGE = 'jdg_01kbn0000000000000000000aa';
const judgeTask = (task_id: string, extra: Record<string, unknown> = {}, weight = 1): TaskDefinition =>
  ({ task_id, input: 'Explain', expected: 'an explanation', scorer: { type: 'judge', judge_id: JUDGE, ...extra }, weight }) as TaskDefinition;
const exactTask: TaskDefinition = { task_id: 'exact', input: 'hi', expected: 'hi', scorer: { type: 'exact' }, weight: 1 };

describe('the judge scorer in the pure scorer', () => {
  it('is a valid scorer when its parameters are', () => {
    expect(scorerProblem(judgeTask('a'))).toBeUndefined();
    expect(scorerProblem(judgeTask('a', { rubric: 'mentions X', pass_threshold: 0.7 }))).toBeUndefined();
    expect(scorerProblem(judgeTask('a', { judge_id: 'whk_1' }))).toBe('a judge scorer needs a judge_id (jdg_…)');
    expect(scorerProblem(judgeTask('a', { pass_threshold: 2 }))).toBe('pass_threshold must be a number > 0 and ≤ 1');
  });

  it('tells which versions need their judges', () => {
    expect(needsJudges([exactTask])).toBe(false);
    expect(needsJudges([exactTask, judgeTask('a')])).toBe(true);
  });

  it('weighs the judges’ verdicts with the other tasks', () => {
    const tasks = [exactTask, judgeTask('essay', {}, 2), judgeTask('unanswered')];
    const judged = new Map([['essay', { score: 0.25, detail: 'one point of four' }]]);
    const result = scoreSubmission(
      tasks,
      [
        { task_id: 'exact', output: 'hi' },
        { task_id: 'essay', output: 'text' },
      ],
      judged,
    );
    expect(result.results).toEqual([
      { task_id: 'exact', weight: 1, answered: true, score: 1, samples: 1, correct: 1 },
      // One attempt; correct only at or above the scorer's pass_threshold (default 1).
      { task_id: 'essay', weight: 2, answered: true, score: 0.25, detail: 'one point of four', samples: 1, correct: 0 },
      { task_id: 'unanswered', weight: 1, answered: false, score: 0, detail: 'missing answer', samples: 0, correct: 0 },
    ]);
    // (1 + 2 × 0.25 + 0) / 4
    expect(result.score).toBe(0.375);
  });

  it('refuses to score an answered judge task without its verdict', () => {
    expect(() => scoreSubmission([judgeTask('essay')], [{ task_id: 'essay', output: 'text' }])).toThrow(UnjudgedTaskError);
    expect(() => scoreTask(judgeTask('essay'), 'text')).toThrow(UnjudgedTaskError);
  });
});
