// Benchmarks and their versions. A version item is written before the benchmark points at it.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Benchmark, BenchmarkVersion } from '#shared/benchmarks/benchmark.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure, setClause } from './expressions.ts';
import { keys } from './keys.ts';
import { prefixPage } from './page.ts';

type Item = Record<string, any>;

const toBenchmark = (item: Item): Benchmark => ({
  benchmarkId: item.benchmark_id,
  tenantId: item.tenant_id,
  name: item.name,
  description: item.description ?? null,
  leaderboardRule: item.leaderboard_rule,
  dailySubmissionLimit: item.daily_submission_limit,
  version: item.version,
  taskCount: item.task_count,
  status: item.status,
  createdAt: item.created_at,
  updatedAt: item.updated_at,
  createdBy: item.created_by,
  privateTaskCount: item.private_task_count ?? 0,
  revealedAt: item.revealed_at ?? null,
});

const toVersion = (item: Item): BenchmarkVersion => ({
  benchmarkId: item.benchmark_id,
  version: item.version,
  tasks: item.tasks,
  createdAt: item.created_at,
  createdBy: item.created_by,
});

export async function insertVersion(tenantId: string, version: BenchmarkVersion): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.benchmarkVersion(tenantId, version.benchmarkId, version.version),
          type: 'benchmark_version',
          benchmark_id: version.benchmarkId,
          version: version.version,
          tasks: version.tasks,
          created_at: version.createdAt,
          created_by: version.createdBy,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function insertBenchmark(benchmark: Benchmark): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.benchmark(benchmark.tenantId, benchmark.benchmarkId),
        type: 'benchmark',
        benchmark_id: benchmark.benchmarkId,
        tenant_id: benchmark.tenantId,
        name: benchmark.name,
        description: benchmark.description,
        leaderboard_rule: benchmark.leaderboardRule,
        daily_submission_limit: benchmark.dailySubmissionLimit,
        version: benchmark.version,
        task_count: benchmark.taskCount,
        status: benchmark.status,
        created_at: benchmark.createdAt,
        updated_at: benchmark.updatedAt,
        created_by: benchmark.createdBy,
        private_task_count: benchmark.privateTaskCount,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findBenchmark(tenantId: string, benchmarkId: string): Promise<Benchmark | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.benchmark(tenantId, benchmarkId) }));
  return Item ? toBenchmark(Item) : undefined;
}

export async function findVersion(tenantId: string, benchmarkId: string, version: number): Promise<BenchmarkVersion | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.benchmarkVersion(tenantId, benchmarkId, version) }));
  return Item ? toVersion(Item) : undefined;
}

export async function benchmarksPage(tenantId: string, limit: number, cursor?: string) {
  const page = await prefixPage(keys.tenantPartition(tenantId), 'BENCH#', limit, cursor);
  return { benchmarks: page.items.map(toBenchmark), nextCursor: page.nextCursor };
}

export async function versionsPage(tenantId: string, benchmarkId: string, limit: number, cursor?: string) {
  const page = await prefixPage(keys.benchmarkVersions(tenantId, benchmarkId), 'VERSION#', limit, cursor);
  return { versions: page.items.map(toVersion), nextCursor: page.nextCursor };
}

/**
 * Changes a benchmark in place, and moves it to `nextVersion` when given — only if it is still at
 * the version the caller read (a concurrent change makes this return undefined).
 */
export async function updateBenchmarkFields(
  benchmark: Benchmark,
  changes: Partial<Pick<Benchmark, 'name' | 'description' | 'leaderboardRule' | 'dailySubmissionLimit' | 'status'>>,
  nextVersion: { version: number; taskCount: number; privateTaskCount?: number } | undefined,
  now: string,
): Promise<Benchmark | undefined> {
  const { sets, names, values } = setClause({
    name: changes.name,
    description: changes.description,
    leaderboard_rule: changes.leaderboardRule,
    daily_submission_limit: changes.dailySubmissionLimit,
    status: changes.status,
    version: nextVersion?.version,
    task_count: nextVersion?.taskCount,
    private_task_count: nextVersion?.privateTaskCount,
    updated_at: now,
  });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.benchmark(benchmark.tenantId, benchmark.benchmarkId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK) AND #seen = :seen',
        ExpressionAttributeNames: { ...names, '#seen': 'version' },
        ExpressionAttributeValues: { ...values, ':seen': benchmark.version },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toBenchmark(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Hidden test sets: marks the benchmark revealed at `at`, once. Returns the benchmark as it now is
 * (already revealed: unchanged, with its first reveal time), or undefined when it does not exist.
 */
export async function markRevealed(tenantId: string, benchmarkId: string, at: string): Promise<Benchmark | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.benchmark(tenantId, benchmarkId),
        UpdateExpression: 'SET revealed_at = :at, updated_at = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revealed_at)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toBenchmark(Attributes) : undefined;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: keys.benchmark(tenantId, benchmarkId), ConsistentRead: true }),
    );
    return Item ? toBenchmark(Item) : undefined;
  }
}
