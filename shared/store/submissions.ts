// Submissions. Each transition is one conditional update on the submission's own item; while a
// submission is queued or scoring it sits in a sparse "pending" index the sweeper reads.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isPending, type Submission, type SubmissionStatus } from '#shared/submissions/submission.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure, setClause, submissionFilterExpression } from './expressions.ts';
import { keys, PENDING_SHARDS, shardOf } from './keys.ts';

type Item = Record<string, any>;

const toSubmission = (item: Item): Submission => ({
  submissionId: item.submission_id,
  tenantId: item.tenant_id,
  benchmarkId: item.benchmark_id,
  agentId: item.agent_id,
  version: item.version,
  status: item.status,
  answers: item.answers ?? [],
  metadata: item.metadata ?? null,
  score: item.score ?? null,
  // Items scored before hidden test sets existed had no private task: their public score is their score.
  publicScore: item.public_score ?? item.score ?? null,
  confidenceInterval: item.confidence_interval ?? null,
  stderr: item.stderr ?? null,
  usage: item.usage ?? null,
  usageFromTraces: item.usage_from_traces === true,
  results: item.results ?? null,
  failureReason: item.failure_reason ?? null,
  transitions: item.transitions ?? [],
  quotaDay: item.quota_day,
  createdAt: item.created_at,
  updatedAt: item.updated_at,
});

export async function insertSubmission(submission: Submission): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.submission(submission.tenantId, submission.submissionId),
        ...keys.submissionsOfBenchmark(submission.tenantId, submission.benchmarkId),
        GSI1SK: `${submission.createdAt}#${submission.submissionId}`,
        ...keys.pending(shardOf(submission.submissionId, PENDING_SHARDS)),
        GSI2SK: submission.createdAt,
        type: 'submission',
        submission_id: submission.submissionId,
        tenant_id: submission.tenantId,
        benchmark_id: submission.benchmarkId,
        agent_id: submission.agentId,
        version: submission.version,
        status: submission.status,
        answers: submission.answers,
        metadata: submission.metadata ?? undefined,
        usage: submission.usage ?? undefined,
        transitions: submission.transitions,
        quota_day: submission.quotaDay,
        created_at: submission.createdAt,
        updated_at: submission.updatedAt,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findSubmission(tenantId: string, submissionId: string): Promise<Submission | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.submission(tenantId, submissionId), ConsistentRead: true }),
  );
  return Item ? toSubmission(Item) : undefined;
}

export interface SubmissionFilter {
  agentId?: string;
  status?: SubmissionStatus;
  version?: number;
}

/** Newest first; one Query per page (filters may leave a page short; the cursor goes on). */
export async function submissionsPage(tenantId: string, benchmarkId: string, filter: SubmissionFilter, limit: number, cursor?: string) {
  const partition = keys.submissionsOfBenchmark(tenantId, benchmarkId);
  const where = submissionFilterExpression(filter);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: where.expression,
      ExpressionAttributeNames: Object.keys(where.names).length ? where.names : undefined,
      ExpressionAttributeValues: { ':pk': partition.GSI1PK, ...where.values },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { partition }),
    }),
  );
  return { submissions: Items.map(toSubmission), nextCursor: encodeCursor(LastEvaluatedKey) };
}

/**
 * Moves a submission from one of `from` to `to`, setting `fields`; undefined when it was in
 * another state (someone else moved it first). Pending states stay in the sweeper's index.
 */
export async function transitionSubmission(
  tenantId: string,
  submissionId: string,
  from: readonly SubmissionStatus[],
  to: SubmissionStatus,
  now: string,
  fields: Record<string, unknown> = {},
): Promise<Submission | undefined> {
  const clause = setClause(fields);
  const names: Record<string, string> = { '#status': 'status', ...clause.names };
  const values: Record<string, unknown> = { ':to': to, ':now': now, ':step': [{ status: to, at: now }], ...clause.values };
  const sets = ['#status = :to', 'updated_at = :now', 'transitions = list_append(transitions, :step)', ...clause.sets];
  for (const [i, status] of from.entries()) values[`:from${i}`] = status;
  if (isPending(to)) {
    Object.assign(values, { ':pending': keys.pending(shardOf(submissionId, PENDING_SHARDS)).GSI2PK });
    sets.push('GSI2PK = :pending', 'GSI2SK = :now');
  }
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.submission(tenantId, submissionId),
        UpdateExpression: `SET ${sets.join(', ')}${isPending(to) ? '' : ' REMOVE GSI2PK, GSI2SK'}`,
        ConditionExpression: `attribute_exists(PK) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toSubmission(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export interface PendingSubmission {
  tenantId: string;
  submissionId: string;
  status: SubmissionStatus;
  since: string;
}

/** Submissions queued or scoring since before `olderThan`, across tenants (the sweeper's read). */
export async function pendingSince(olderThan: string, limitPerShard: number): Promise<PendingSubmission[]> {
  const found: PendingSubmission[] = [];
  for (let shard = 0; shard < PENDING_SHARDS; shard++) {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': keys.pending(shard).GSI2PK, ':before': olderThan },
        Limit: limitPerShard,
      }),
    );
    for (const item of Items) found.push({ tenantId: item.tenant_id, submissionId: item.submission_id, status: item.status, since: item.GSI2SK });
  }
  return found;
}

/** Restarts a pending submission's stuck clock (after the sweeper re-enqueued it). */
export async function touchPending(tenantId: string, submissionId: string, now: string): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.submission(tenantId, submissionId),
        UpdateExpression: 'SET GSI2SK = :now',
        ConditionExpression: 'attribute_exists(GSI2PK)',
        ExpressionAttributeValues: { ':now': now },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
