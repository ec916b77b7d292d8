// Judges, in their tenant's partition (SK JUDGE#<id>). Their secrets are kept here, encrypted at
// rest with the table, because every judge request is signed with them; no read route returns them.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Judge } from '#shared/judges/judge.ts';
import { documentClient, tableName } from './client.ts';
import { deleteExisting, updateWhen } from './conditional-writes.ts';
import { setFieldsIfExists } from './expressions.ts';
import { keys } from './keys.ts';
import { prefixPage } from './page.ts';
import { secretRotation } from './secret-rotation.ts';

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
  const fields = { name: changes.name, url: changes.url, description: changes.description, updated_at: now };
  return updateWhen(keys.judge(tenantId, judgeId), setFieldsIfExists(fields), toJudge);
}

/** A new secret; the current one stays valid until `previousExpiresAt` (or goes at once when null). */
export async function replaceJudgeSecret(judge: Judge, secret: string, previousExpiresAt: string | null, now: string): Promise<Judge | undefined> {
  return updateWhen(keys.judge(judge.tenantId, judge.judgeId), secretRotation(judge.secret, secret, previousExpiresAt, now), toJudge);
}

export const deleteJudgeItem = (tenantId: string, judgeId: string): Promise<boolean> => deleteExisting(keys.judge(tenantId, judgeId));
