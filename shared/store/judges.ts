// Judges, in their tenant's partition (SK JUDGE#<id>). Their secrets are kept here, encrypted at
// rest with the table, because every judge request is signed with them; no read route returns them.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Judge } from '#shared/judges/judge.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure, setClause } from './expressions.ts';
import { keys } from './keys.ts';
import { prefixPage } from './page.ts';

type Item = Record<string, any>;

const toJudge = (item: Item): Judge => ({
  judgeId: item.judge_id,
  tenantId: item.tenant_id,
  name: item.name,
  url: item.url,
  description: item.description ?? null,
  secret: item.secret,
  previousSecret: item.previous_secret ?? null,
  previousSecretExpiresAt: item.previous_secret_expires_at ?? null,
  createdAt: item.created_at,
  updatedAt: item.updated_at,
  createdBy: item.created_by,
});

export async function insertJudge(judge: Judge): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.judge(judge.tenantId, judge.judgeId),
        type: 'judge',
        judge_id: judge.judgeId,
        tenant_id: judge.tenantId,
        name: judge.name,
        url: judge.url,
        description: judge.description ?? undefined,
        secret: judge.secret,
        created_at: judge.createdAt,
        updated_at: judge.updatedAt,
        created_by: judge.createdBy,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findJudge(tenantId: string, judgeId: string): Promise<Judge | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.judge(tenantId, judgeId), ConsistentRead: true }));
  return Item ? toJudge(Item) : undefined;
}

/** The tenant's judges, oldest first. */
export async function judgesPage(tenantId: string, limit: number, cursor?: string) {
  const page = await prefixPage(keys.tenantPartition(tenantId), 'JUDGE#', limit, cursor);
  return { judges: page.items.map(toJudge), nextCursor: page.nextCursor };
}

export interface JudgeFieldChanges {
  name?: string;
  url?: string;
  description?: string | null;
}

/** Changes descriptive fields; undefined when the judge does not exist. */
export async function updateJudgeFields(tenantId: string, judgeId: string, changes: JudgeFieldChanges, now: string): Promise<Judge | undefined> {
  const clause = setClause({ name: changes.name, url: changes.url, description: changes.description, updated_at: now });
  return update(tenantId, judgeId, `SET ${clause.sets.join(', ')}`, 'attribute_exists(PK)', clause.names, clause.values);
}

/** A new secret; the current one stays valid until `previousExpiresAt` (or goes at once when null). */
export async function replaceJudgeSecret(judge: Judge, secret: string, previousExpiresAt: string | null, now: string): Promise<Judge | undefined> {
  const expression = previousExpiresAt
    ? 'SET secret = :secret, previous_secret = :previous, previous_secret_expires_at = :expires, updated_at = :now'
    : 'SET secret = :secret, updated_at = :now REMOVE previous_secret, previous_secret_expires_at';
  return update(
    judge.tenantId,
    judge.judgeId,
    expression,
    'secret = :seen',
    {},
    {
      ':secret': secret,
      ':seen': judge.secret,
      ':now': now,
      ...(previousExpiresAt ? { ':previous': judge.secret, ':expires': previousExpiresAt } : {}),
    },
  );
}

export async function deleteJudgeItem(tenantId: string, judgeId: string): Promise<boolean> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: keys.judge(tenantId, judgeId), ConditionExpression: 'attribute_exists(PK)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function update(
  tenantId: string,
  judgeId: string,
  expression: string,
  condition: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<Judge | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.judge(tenantId, judgeId),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toJudge(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
