// Benchmarks: named sets of tasks; changing the tasks makes a new version with its own board.
import type { LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import type { BenchmarkVersionView, BenchmarkView } from '#shared/schemas/benchmarks.ts';

export type { LeaderboardRule };

export interface Benchmark {
  benchmarkId: string;
  tenantId: string;
  name: string;
  description: string | null;
  leaderboardRule: LeaderboardRule;
  dailySubmissionLimit: number;
  version: number;
  taskCount: number;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface BenchmarkVersion {
  benchmarkId: string;
  version: number;
  tasks: TaskDefinition[];
  createdAt: string;
  createdBy: string;
}

/** Tasks with defaults applied, in a canonical form, so an unchanged task list is recognised. */
export const normaliseTasks = (tasks: TaskDefinition[]): TaskDefinition[] =>
  tasks.map((task) => ({ task_id: task.task_id, input: task.input, expected: task.expected, scorer: task.scorer, weight: task.weight ?? 1 }));

export const sameTasks = (a: TaskDefinition[], b: TaskDefinition[]) => JSON.stringify(normaliseTasks(a)) === JSON.stringify(normaliseTasks(b));

/** Agents never see expected answers. */
export const taskView = (task: TaskDefinition, forAgent: boolean) =>
  forAgent
    ? { task_id: task.task_id, input: task.input, scorer: { type: task.scorer.type }, weight: task.weight }
    : { task_id: task.task_id, input: task.input, expected: task.expected, scorer: task.scorer, weight: task.weight };

export const benchmarkView = (benchmark: Benchmark, tasks?: { list: TaskDefinition[]; forAgent: boolean }): BenchmarkView => ({
  benchmark_id: benchmark.benchmarkId,
  name: benchmark.name,
  description: benchmark.description,
  leaderboard_rule: benchmark.leaderboardRule,
  daily_submission_limit: benchmark.dailySubmissionLimit,
  version: benchmark.version,
  status: benchmark.status,
  task_count: benchmark.taskCount,
  ...(tasks ? { tasks: tasks.list.map((task) => taskView(task, tasks.forAgent)) } : {}),
  created_at: benchmark.createdAt,
  updated_at: benchmark.updatedAt,
});

export const versionView = (version: BenchmarkVersion): BenchmarkVersionView => ({
  version: version.version,
  task_count: version.tasks.length,
  created_at: version.createdAt,
  created_by: version.createdBy,
});
