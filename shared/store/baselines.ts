// Baselines, in their benchmark's baselines partition (SK V#<version>#<baseline_id>): a version's
// baselines are one prefix Query, read with every leaderboard page (at most
// MAX_BASELINES_PER_VERSION, a few KB).
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Baseline } from '#shared/baselines/baseline.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';
import { queryAll } from './page.ts';

type Item = Record<string, any>;

const toBaseline = (item: Item): Baseline => ({
  baselineId: item.baseline_id,
  tenantId: item.tenant_id,
  benchmarkId: item.benchmark_id,
  version: item.version,
  name: item.name,
  score: item.score,
  costUsd: item.cost_usd ?? null,
  createdAt: item.created_at,
  createdBy: item.created_by,
});

export async function insertBaseline(baseline: Baseline): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.baseline(baseline.tenantId, baseline.benchmarkId, baseline.version, baseline.baselineId),
        type: 'baseline',
        baseline_id: baseline.baselineId,
        tenant_id: baseline.tenantId,
        benchmark_id: baseline.benchmarkId,
        version: baseline.version,
        name: baseline.name,
        score: baseline.score,
        cost_usd: baseline.costUsd ?? undefined,
        created_at: baseline.createdAt,
        created_by: baseline.createdBy,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** A version's baselines, oldest first. */
export async function baselinesOfVersion(tenantId: string, benchmarkId: string, version: number): Promise<Baseline[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.baselines(tenantId, benchmarkId).PK, ':prefix': keys.baselinesOfVersionPrefix(version) },
  });
  return items.map(toBaseline);
}

/** One baseline by its id, whatever its version (a Query of the benchmark's baselines, filtered). */
export async function findBaseline(tenantId: string, benchmarkId: string, baselineId: string): Promise<Baseline | undefined> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    FilterExpression: 'baseline_id = :id',
    ExpressionAttributeValues: { ':pk': keys.baselines(tenantId, benchmarkId).PK, ':id': baselineId },
  });
  return items[0] ? toBaseline(items[0]) : undefined;
}

/** Deletes the baseline; false when it was already gone. */
export async function deleteBaseline(baseline: Pick<Baseline, 'tenantId' | 'benchmarkId' | 'version' | 'baselineId'>): Promise<boolean> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.baseline(baseline.tenantId, baseline.benchmarkId, baseline.version, baseline.baselineId),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
