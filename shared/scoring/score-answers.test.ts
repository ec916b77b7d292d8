import { describe, expect, it } from 'vitest';
import {
  DuplicateAnswerError,
  duplicateTaskIds,
  InvalidScorerError,
  scoreSubmission,
  scoreTask,
  UnknownTaskError,
  unknownTaskIds,
} from './score-answers.ts';
import type { TaskDefinition } from './types.ts';

const task = (task_id: string, expected: unknown, weight = 1, scorer: TaskDefinition['scorer'] = { type: 'exact' }): TaskDefinition => ({
  task_id,
  input: `question ${task_id}`,
  expected,
  scorer,
  weight,
});

describe('scoreSubmission', () => {
  it('scores the weighted mean: weights 1 and 3, only the heavier right', () => {
    const result = scoreSubmission(
      [task('t1', 'a', 1), task('t2', 'b', 3)],
      [
        { task_id: 't1', output: 'wrong' },
        { task_id: 't2', output: ' b ' },
      ],
    );
    expect(result).toEqual({
      score: 0.75,
      publicScore: 0.75,
      results: [
        { task_id: 't1', score: 0, weight: 1, answered: true, detail: 'not equal to the expected text', samples: 1, correct: 0 },
        { task_id: 't2', score: 1, weight: 3, answered: true, samples: 1, correct: 1 },
      ],
    });
  });

  it('scores a missing answer 0 and says so', () => {
    const result = scoreSubmission([task('t1', 'a'), task('t2', 'b')], [{ task_id: 't2', output: 'b' }]);
    expect(result.score).toBe(0.5);
    expect(result.results[0]).toEqual({ task_id: 't1', score: 0, weight: 1, answered: false, detail: 'missing answer', samples: 0, correct: 0 });
  });

  it('scores each attempt of outputs with the task’s scorer; the task scores their mean', () => {
    const tasks = [task('t1', 'a', 1), task('t2', 10, 3, { type: 'numeric', tolerance: 0.5 }), task('t3', 'c')];
    const result = scoreSubmission(tasks, [
      { task_id: 't1', outputs: ['a', 'x', 'a', 'x', 'x'] },
      { task_id: 't2', outputs: ['10.2', '9', '10'] },
    ]);
    expect(result.results).toEqual([
      { task_id: 't1', weight: 1, answered: true, score: 0.4, samples: 5, correct: 2, detail: 'attempt 2: not equal to the expected text' },
      { task_id: 't2', weight: 3, answered: true, score: 2 / 3, samples: 3, correct: 2, detail: 'attempt 2: outside the tolerance' },
      { task_id: 't3', weight: 1, answered: false, score: 0, samples: 0, correct: 0, detail: 'missing answer' },
    ]);
    // (1 · 0.4 + 3 · 2/3 + 1 · 0) / 5 = 2.4 / 5 = 0.48
    expect(result.score).toBe(0.48);
  });

  it('counts an attempt correct against the scorer’s pass_threshold, 1 when it has none', () => {
    // 0/1 scorers: any threshold in (0, 1] counts the attempts scoring 1.
    const tasks = [task('t1', 'a', 1, { type: 'exact', pass_threshold: 0.5 }), task('t2', 'b')];
    const result = scoreSubmission(tasks, [
      { task_id: 't1', outputs: ['a', 'b'] },
      { task_id: 't2', outputs: ['b', 'b'] },
    ]);
    expect(result.results.map((r) => [r.score, r.samples, r.correct])).toEqual([
      [0.5, 2, 1],
      [1, 2, 2],
    ]);
  });

  it('scores a single output as one attempt, null included', () => {
    const result = scoreSubmission([task('t1', null, 1, { type: 'json_equal' })], [{ task_id: 't1', output: null }]);
    expect(result.results[0]).toEqual({ task_id: 't1', weight: 1, answered: true, score: 1, samples: 1, correct: 1 });
  });

  it('rounds to 6 decimals and stays within [0, 1]', () => {
    const tasks = [task('t1', 'a'), task('t2', 'b'), task('t3', 'c')];
    expect(scoreSubmission(tasks, [{ task_id: 't1', output: 'a' }]).score).toBe(0.333333);
    expect(scoreSubmission(tasks, []).score).toBe(0);
    expect(
      scoreSubmission(
        tasks,
        tasks.map((t) => ({ task_id: t.task_id, output: t.expected })),
      ).score,
    ).toBe(1);
    expect(scoreSubmission([], []).score).toBe(0);
  });

  it('uses each task’s own scorer', () => {
    const tasks = [
      task('n', 10, 1, { type: 'numeric', tolerance: 0.5 }),
      task('r', null, 1, { type: 'regex', pattern: '^\\s*paris\\s*$', flags: 'i' }),
      task('c', null, 1, { type: 'contains', values: ['x', 'y'] }),
      task('j', { a: [1, 2] }, 1, { type: 'json_equal' }),
      task('t', 'Ｈｅｌｌｏ  World', 1, { type: 'normalized_text' }),
    ];
    const result = scoreSubmission(tasks, [
      { task_id: 'n', output: '10.4' },
      { task_id: 'r', output: ' PARIS ' },
      { task_id: 'c', output: 'y then x' },
      { task_id: 'j', output: { a: [1, 2] } },
      { task_id: 't', output: 'hello world' },
    ]);
    expect(result.results.map((r) => r.score)).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses answers naming tasks the benchmark does not have', () => {
    const run = () =>
      scoreSubmission(
        [task('t1', 'a')],
        [
          { task_id: 't9', output: 'a' },
          { task_id: 't8', output: 'a' },
        ],
      );
    expect(run).toThrow(UnknownTaskError);
    expect(run).toThrow('Answers name tasks this benchmark does not have: t9, t8');
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation_failed', status: 400, taskIds: ['t9', 't8'] });
    }
  });

  it('refuses two answers for one task', () => {
    const run = () =>
      scoreSubmission(
        [task('t1', 'a')],
        [
          { task_id: 't1', output: 'a' },
          { task_id: 't1', output: 'b' },
        ],
      );
    expect(run).toThrow(DuplicateAnswerError);
    expect(run).toThrow('Some tasks are answered more than once: t1');
  });

  it('refuses to score a stored task whose scorer cannot be built, rather than score it 0', () => {
    const broken = task('t1', 'three', 1, { type: 'numeric' });
    expect(() => scoreSubmission([broken], [{ task_id: 't1', output: '3' }])).toThrow(InvalidScorerError);
    expect(() => scoreTask(broken, '3')).toThrow('Task t1 cannot be scored: a numeric scorer needs a number expected value');
  });
});

describe('scoreTask', () => {
  it('scores one output', () => {
    expect(scoreTask(task('t1', 'a'), 'a')).toEqual({ score: 1 });
    expect(scoreTask(task('t1', 'a', 1, { type: 'normalized_text' }), 7)).toEqual({ score: 0, detail: 'output is not a string' });
  });
});

describe('unknownTaskIds and duplicateTaskIds', () => {
  it('list each offending id once, in answer order', () => {
    const tasks = [{ task_id: 'a' }, { task_id: 'b' }];
    expect(unknownTaskIds(tasks, [{ task_id: 'z' }, { task_id: 'a' }, { task_id: 'y' }, { task_id: 'z' }])).toEqual(['z', 'y']);
    expect(unknownTaskIds(tasks, [{ task_id: 'b' }])).toEqual([]);
    expect(duplicateTaskIds([{ task_id: 'a' }, { task_id: 'b' }, { task_id: 'a' }, { task_id: 'a' }, { task_id: 'b' }])).toEqual(['a', 'b']);
    expect(duplicateTaskIds([{ task_id: 'a' }])).toEqual([]);
  });
});

describe('public_score (hidden test sets)', () => {
  const privateTask = (task_id: string, expected: unknown, weight = 1): TaskDefinition => ({ ...task(task_id, expected, weight), split: 'private' });

  it('is the weighted mean over the public tasks only, while score counts every task', () => {
    // public: t1 (w1) right, t2 (w3) wrong → 1/4; private: t3 (w4) right → score (1 + 4) / 8.
    const result = scoreSubmission(
      [task('t1', 'a', 1), task('t2', 'b', 3), privateTask('t3', 'c', 4)],
      [
        { task_id: 't1', output: 'a' },
        { task_id: 't2', output: 'x' },
        { task_id: 't3', output: 'c' },
      ],
    );
    expect(result.score).toBe(0.625);
    expect(result.publicScore).toBe(0.25);
  });

  it('marks a private task’s result, and only those', () => {
    const result = scoreSubmission([task('t1', 'a'), privateTask('t2', 'b')], [{ task_id: 't2', output: 'b' }]);
    expect(result.results.map((r) => r.split)).toEqual([undefined, 'private']);
    expect(result.results[1]).toEqual({ task_id: 't2', score: 1, weight: 1, answered: true, split: 'private', samples: 1, correct: 1 });
    expect(result).toMatchObject({ score: 0.5, publicScore: 0 });
  });

  it('equals score when no task is private', () => {
    const result = scoreSubmission([task('t1', 'a', 2), task('t2', 'b', 1)], [{ task_id: 't1', output: 'a' }]);
    expect(result.publicScore).toBe(result.score);
    expect(result.score).toBe(0.666667);
  });

  it('rounds the public mean to 6 decimals like score', () => {
    const result = scoreSubmission([task('t1', 'a'), task('t2', 'b'), task('t3', 'c'), privateTask('t4', 'd')], [{ task_id: 't1', output: 'a' }]);
    expect(result.publicScore).toBe(0.333333);
    expect(result.score).toBe(0.25);
  });
});
