// Daily submission quotas: one counter per agent, benchmark and UTC day, raised by a conditional
// ADD (never past the limit) and lowered when a submission fails or is cancelled.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';

const KEEP_SECONDS = 3 * 86_400;

interface QuotaSubject {
  tenantId: string;
  benchmarkId: string;
  agentId: string;
  day: string;
}

export async function takeQuota(subject: QuotaSubject, limit: number, nowSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.quota(subject.tenantId, subject.benchmarkId, subject.agentId, subject.day),
        UpdateExpression: 'ADD #used :one SET expires_at = if_not_exists(expires_at, :expires)',
        ConditionExpression: 'attribute_not_exists(#used) OR #used < :limit',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': nowSeconds + KEEP_SECONDS },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function giveBackQuota(subject: QuotaSubject): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.quota(subject.tenantId, subject.benchmarkId, subject.agentId, subject.day),
        UpdateExpression: 'ADD #used :minus',
        ConditionExpression: '#used > :zero',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
