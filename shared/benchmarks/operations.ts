// What maintainers do with benchmarks: define, change (a new version when the tasks change),
// archive; and how anyone in the tenant reads them.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import { findBenchmark, findVersion, insertBenchmark, insertVersion, updateBenchmarkFields } from '#shared/store/benchmarks.ts';
import { checkJudgeScorers } from '#shared/judges/check-judges.ts';
import { checkTasks } from './check-tasks.ts';
import { checkChangeable, newBenchmark, versionAfterChange, type Benchmark, type BenchmarkInput, type LeaderboardRule } from './benchmark.ts';

export async function defineBenchmark(actor: Principal, input: BenchmarkInput, now = new Date()) {
  const tasks = checkTasks(input.tasks);
  await checkJudgeScorers(actor.tenantId, tasks);
  const { benchmark, version } = newBenchmark(newId('bm', now.getTime()), actor, input, tasks, now);
  // The version first: a benchmark only ever points at a version that exists.
  await insertVersion(actor.tenantId, version);
  await insertBenchmark(benchmark);
  return { benchmark, version };
}

export async function getBenchmark(actor: Principal, benchmarkId: string): Promise<Benchmark> {
  const benchmark = await findBenchmark(actor.tenantId, benchmarkId);
  if (!benchmark) throw notFound('The benchmark');
  return benchmark;
}

export async function getBenchmarkWithTasks(actor: Principal, benchmarkId: string, version?: number) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const tasks = await findVersion(actor.tenantId, benchmarkId, version ?? benchmark.version);
  if (!tasks) throw notFound(`Version ${version ?? benchmark.version} of the benchmark`);
  return { benchmark, version: tasks };
}

export interface BenchmarkChanges {
  name?: string;
  description?: string;
  tasks?: TaskDefinition[];
  leaderboard_rule?: LeaderboardRule;
  daily_submission_limit?: number;
}

export async function changeBenchmark(actor: Principal, benchmarkId: string, changes: BenchmarkChanges, now = new Date()) {
  const { benchmark, version: current } = await getBenchmarkWithTasks(actor, benchmarkId);
  checkChangeable(benchmark);
  const tasks = changes.tasks ? checkTasks(changes.tasks) : undefined;
  if (tasks) await checkJudgeScorers(actor.tenantId, tasks);
  const next = versionAfterChange(benchmark, current.tasks, tasks);
  if (tasks && next) {
    const written = await insertVersion(actor.tenantId, {
      benchmarkId,
      version: next.version,
      tasks,
      createdAt: now.toISOString(),
      createdBy: actor.principalId,
    });
    if (!written) throw new AppError('conflict', 'The benchmark changed meanwhile; read it again and retry');
  }
  const updated = await updateBenchmarkFields(
    benchmark,
    {
      name: changes.name,
      description: changes.description,
      leaderboardRule: changes.leaderboard_rule,
      dailySubmissionLimit: changes.daily_submission_limit,
    },
    next,
    now.toISOString(),
  );
  if (!updated) throw new AppError('conflict', 'The benchmark changed meanwhile; read it again and retry');
  return { benchmark: updated, version: tasks && next ? { ...current, version: next.version, tasks } : current };
}

export async function archiveBenchmark(actor: Principal, benchmarkId: string, now = new Date()): Promise<void> {
  const benchmark = await getBenchmark(actor, benchmarkId);
  if (benchmark.status === 'archived') return;
  const archived = await updateBenchmarkFields(benchmark, { status: 'archived' }, undefined, now.toISOString());
  if (!archived) throw new AppError('conflict', 'The benchmark changed meanwhile; retry');
}
