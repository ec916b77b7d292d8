import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import {
  benchmarkView,
  checkChangeable,
  newBenchmark,
  normaliseTasks,
  privateTaskCount,
  sameTasks,
  taskView,
  versionAfterChange,
  versionView,
  type Benchmark,
} from './benchmark.ts';
import { checkTasks } from './check-tasks.ts';

const task = (id: string, extra: Partial<TaskDefinition> = {}): TaskDefinition =>
  ({ task_id: id, input: `q ${id}`, expected: `a ${id}`, scorer: { type: 'exact' }, ...extra }) as TaskDefinition;

describe('task lists', () => {
  it('gives every task a weight of 1 unless it has one', () => {
    expect(normaliseTasks([task('a'), task('b', { weight: 3 })]).map((t) => t.weight)).toEqual([1, 3]);
  });

  it('recognises an unchanged list whatever the key order or an explicit default weight', () => {
    const reordered = { scorer: { type: 'exact' }, expected: 'a a', input: 'q a', task_id: 'a', weight: 1 } as TaskDefinition;
    expect(sameTasks([task('a')], [reordered])).toBe(true);
  });

  it('sees a change in an expected value, a weight, a scorer or the order of tasks', () => {
    expect(sameTasks([task('a')], [task('a', { expected: 'other' })])).toBe(false);
    expect(sameTasks([task('a')], [task('a', { weight: 2 })])).toBe(false);
    expect(sameTasks([task('a')], [task('a', { scorer: { type: 'contains' } } as Partial<TaskDefinition>)])).toBe(false);
    expect(sameTasks([task('a'), task('b')], [task('b'), task('a')])).toBe(false);
  });
});

describe('what readers see', () => {
  const scored = task('a', { scorer: { type: 'numeric', tolerance: 0.5 }, expected: 4, weight: 2 } as Partial<TaskDefinition>);

  it('hides the expected answer and the scorer’s parameters from agents', () => {
    expect(taskView(scored, true)).toEqual({ task_id: 'a', input: 'q a', scorer: { type: 'numeric' }, weight: 2, split: 'public' });
    expect(taskView(scored, false)).toEqual({
      task_id: 'a',
      input: 'q a',
      expected: 4,
      scorer: { type: 'numeric', tolerance: 0.5 },
      weight: 2,
      split: 'public',
    });
  });

  it('shows agents a private task’s input but never its expected value (hidden test sets)', () => {
    const hidden = task('p', { split: 'private' });
    expect(taskView(hidden, true)).toEqual({ task_id: 'p', input: 'q p', scorer: { type: 'exact' }, weight: undefined, split: 'private' });
    expect(taskView(hidden, false)).toMatchObject({ expected: 'a p', split: 'private' });
  });

  const benchmark: Benchmark = {
    benchmarkId: 'bm_1',
    tenantId: 't',
    name: 'n',
    description: null,
    leaderboardRule: 'best',
    dailySubmissionLimit: 10,
    version: 2,
    taskCount: 1,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    createdBy: 'u1',
    privateTaskCount: 0,
    revealedAt: null,
  };

  it('shows a benchmark with its tasks only when asked, for the reader it is for', () => {
    expect(benchmarkView(benchmark)).not.toHaveProperty('tasks');
    expect(benchmarkView(benchmark)).toMatchObject({
      benchmark_id: 'bm_1',
      leaderboard_rule: 'best',
      daily_submission_limit: 10,
      version: 2,
      task_count: 1,
    });
    expect(benchmarkView(benchmark, { list: [scored], forAgent: true }).tasks).toEqual([taskView(scored, true)]);
    expect(benchmarkView(benchmark, { list: [scored], forAgent: false }).tasks![0]).toHaveProperty('expected', 4);
  });

  it('shows a version by its number and size', () => {
    expect(versionView({ benchmarkId: 'bm_1', version: 3, tasks: [scored, scored], createdAt: 'at', createdBy: 'u' })).toEqual({
      version: 3,
      task_count: 2,
      created_at: 'at',
      created_by: 'u',
    });
  });
});

describe('defining tasks', () => {
  it('accepts a valid list, with every task weighted', () => {
    expect(checkTasks([task('a'), task('b', { weight: 2 })]).map((t) => [t.task_id, t.weight])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('refuses with 400 naming every problem at once: a repeated task id and a scorer that cannot fit its expected value', () => {
    const numericOnText = task('c', { scorer: { type: 'numeric' }, expected: 'four' } as Partial<TaskDefinition>);
    const refusal = refusalOf(() => checkTasks([task('a'), task('b'), task('a'), numericOnText]));
    expect(refusal.status).toBe(400);
    expect(refusal.details).toEqual([
      { location: 'body', path: 'tasks.2.task_id', message: 'duplicate task_id a' },
      { location: 'body', path: 'tasks.3.scorer', message: 'a numeric scorer needs a number expected value' },
    ]);
  });
});

describe('private tasks (hidden test sets)', () => {
  it('keeps a private split in the canonical form, and leaves the public default out', () => {
    expect(normaliseTasks([task('a', { split: 'private' }), task('b', { split: 'public' })]).map((t) => t.split)).toEqual(['private', undefined]);
    expect(privateTaskCount([task('a', { split: 'private' }), task('b'), task('c', { split: 'private' })])).toBe(2);
  });

  it('refuses a list whose every task is private: the board ranks by the public ones until the reveal', () => {
    const refusal = refusalOf(() => checkTasks([task('a', { split: 'private' }), task('b', { split: 'private' })]));
    expect(refusal.status).toBe(400);
    expect(refusal.details).toEqual([{ location: 'body', path: 'tasks', message: expect.stringContaining('at least one task must be public') }]);
    expect(checkTasks([task('a', { split: 'private' }), task('b')]).map((t) => t.split)).toEqual(['private', undefined]);
  });

  it('counts a new benchmark’s private tasks, unrevealed', () => {
    const tasks = [task('a', { split: 'private' }), task('b')];
    const { benchmark } = newBenchmark(
      'bm_1',
      { tenantId: 't', principalId: 'u' },
      { name: 'n', tasks, leaderboard_rule: 'best', daily_submission_limit: 1 },
      tasks,
      new Date(),
    );
    expect(benchmark).toMatchObject({ privateTaskCount: 1, revealedAt: null });
    expect(benchmarkView(benchmark).revealed_at).toBeNull();
  });
});

describe('a benchmark’s versions', () => {
  const actor = { tenantId: 'acme', principalId: 'alice' };
  const input = { name: 'qa', tasks: [task('a'), task('b')], leaderboard_rule: 'latest' as const, daily_submission_limit: 5 };

  it('starts active at version 1, whose tasks are the ones given', () => {
    const { benchmark, version } = newBenchmark('bm_1', actor, input, input.tasks, new Date('2026-01-01T00:00:00.000Z'));
    expect(benchmark).toMatchObject({
      benchmarkId: 'bm_1',
      tenantId: 'acme',
      name: 'qa',
      description: null,
      leaderboardRule: 'latest',
      dailySubmissionLimit: 5,
      version: 1,
      taskCount: 2,
      status: 'active',
      createdBy: 'alice',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(version).toEqual({ benchmarkId: 'bm_1', version: 1, tasks: input.tasks, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'alice' });
  });

  it('gets a new version (and so a fresh leaderboard) only when its tasks change', () => {
    const current = [task('a'), task('b')];
    expect(versionAfterChange({ version: 3 }, current, undefined)).toBeUndefined();
    expect(versionAfterChange({ version: 3 }, current, [task('a', { weight: 1 }), task('b')])).toBeUndefined();
    expect(versionAfterChange({ version: 3 }, current, [task('a')])).toEqual({ version: 4, taskCount: 1, privateTaskCount: 0 });
    expect(versionAfterChange({ version: 3 }, current, [task('a', { expected: 'new' }), task('b')])).toEqual({
      version: 4,
      taskCount: 2,
      privateTaskCount: 0,
    });
    // Making a task private is a change of the tasks: a new version, counting its private tasks.
    expect(versionAfterChange({ version: 3 }, current, [task('a', { split: 'private' }), task('b')])).toEqual({
      version: 4,
      taskCount: 2,
      privateTaskCount: 1,
    });
    // An explicit public split is the default: no change.
    expect(versionAfterChange({ version: 3 }, current, [task('a', { split: 'public' }), task('b')])).toBeUndefined();
  });

  it('cannot be changed once archived (409)', () => {
    expect(() => checkChangeable({ status: 'active' })).not.toThrow();
    const refusal = refusalOf(() => checkChangeable({ status: 'archived' }));
    expect(refusal.status).toBe(409);
  });
});

function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
