// Benchmarks: named sets of tasks; changing the tasks makes a new version with its own board.
// Plain TypeScript: the rules and views; operations.ts does the reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import type { LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import type { BenchmarkVersionView, BenchmarkView } from '#shared/schemas/responses/benchmarks.ts';

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
  /** Hidden test sets: how many of the current version's tasks are private (0 on items stored before splits existed). */
  privateTaskCount: number;
  /** When a maintainer revealed the private tasks' scores; null until then (reveal.ts). */
  revealedAt: string | null;
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
  tasks.map((task) => ({
    task_id: task.task_id,
    input: task.input,
    expected: task.expected,
    scorer: task.scorer,
    weight: task.weight ?? 1,
    // Public is the default, and is not stored: task lists from before splits existed stay the same.
    ...(task.split === 'private' ? { split: 'private' as const } : {}),
  }));

/** How many of the tasks are private (hidden test sets). */
export const privateTaskCount = (tasks: Pick<TaskDefinition, 'split'>[]): number => tasks.filter((task) => task.split === 'private').length;

export const sameTasks = (a: TaskDefinition[], b: TaskDefinition[]) => JSON.stringify(normaliseTasks(a)) === JSON.stringify(normaliseTasks(b));

export interface BenchmarkInput {
  name: string;
  description?: string;
  tasks: TaskDefinition[];
  leaderboard_rule: LeaderboardRule;
  daily_submission_limit: number;
}

/** A new benchmark at version 1, and that version. */
export function newBenchmark(
  benchmarkId: string,
  actor: Pick<Principal, 'tenantId' | 'principalId'>,
  input: BenchmarkInput,
  tasks: TaskDefinition[],
  now: Date,
): { benchmark: Benchmark; version: BenchmarkVersion } {
  const at = now.toISOString();
  const version: BenchmarkVersion = { benchmarkId, version: 1, tasks, createdAt: at, createdBy: actor.principalId };
  const benchmark: Benchmark = {
    benchmarkId,
    tenantId: actor.tenantId,
    name: input.name,
    description: input.description ?? null,
    leaderboardRule: input.leaderboard_rule,
    dailySubmissionLimit: input.daily_submission_limit,
    version: 1,
    taskCount: tasks.length,
    status: 'active',
    createdAt: at,
    updatedAt: at,
    createdBy: actor.principalId,
    privateTaskCount: privateTaskCount(tasks),
    revealedAt: null,
  };
  return { benchmark, version };
}

/** An archived benchmark is read-only: any change is 409. */
export function checkChangeable(benchmark: Pick<Benchmark, 'status'>): void {
  if (benchmark.status === 'archived') throw new AppError('conflict', 'The benchmark is archived');
}

/**
 * The version a change makes: the next one (with its own leaderboard) only when new tasks differ
 * from the current ones; undefined when the version stays (no tasks given, or the same tasks).
 */
export function versionAfterChange(
  benchmark: Pick<Benchmark, 'version'>,
  current: TaskDefinition[],
  tasks: TaskDefinition[] | undefined,
): { version: number; taskCount: number; privateTaskCount: number } | undefined {
  if (!tasks || sameTasks(tasks, current)) return undefined;
  return { version: benchmark.version + 1, taskCount: tasks.length, privateTaskCount: privateTaskCount(tasks) };
}

/** Agents never see expected answers (of public and private tasks alike), nor a scorer's parameters. */
export const taskView = (task: TaskDefinition, forAgent: boolean) =>
  forAgent
    ? { task_id: task.task_id, input: task.input, scorer: { type: task.scorer.type }, weight: task.weight, split: task.split ?? 'public' }
    : { task_id: task.task_id, input: task.input, expected: task.expected, scorer: task.scorer, weight: task.weight, split: task.split ?? 'public' };

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
  revealed_at: benchmark.revealedAt,
  created_at: benchmark.createdAt,
  updated_at: benchmark.updatedAt,
});

export const versionView = (version: BenchmarkVersion): BenchmarkVersionView => ({
  version: version.version,
  task_count: version.tasks.length,
  created_at: version.createdAt,
  created_by: version.createdBy,
});
