import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import { benchmarkView, normaliseTasks, sameTasks, taskView, versionView, type Benchmark } from './benchmark.ts';

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
    expect(taskView(scored, true)).toEqual({ task_id: 'a', input: 'q a', scorer: { type: 'numeric' }, weight: 2 });
    expect(taskView(scored, false)).toEqual({ task_id: 'a', input: 'q a', expected: 4, scorer: { type: 'numeric', tolerance: 0.5 }, weight: 2 });
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
