// Idempotency records: a request's key, scoped to its principal for 24 h. The first request
// claims the key; a replay gets the stored response; the same key with another request is a
// conflict.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { epochSeconds, keys } from './keys.ts';

const LIFETIME_SECONDS = 24 * 60 * 60;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string | undefined }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export interface IdempotencyScope {
  tenantId: string;
  principalId: string;
  keyHash: string;
}

const keyOf = (scope: IdempotencyScope) => keys.idempotency(scope.tenantId, scope.principalId, scope.keyHash);

export async function claimIdempotencyKey(scope: IdempotencyScope, fingerprint: string, now = new Date()): Promise<Claim> {
  const nowSeconds = epochSeconds(now);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keyOf(scope), type: 'idempotency', state: 'in_progress', fingerprint, expires_at: nowSeconds + LIFETIME_SECONDS },
        ConditionExpression: 'attribute_not_exists(PK) OR expires_at < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keyOf(scope), ConsistentRead: true }));
  if (!Item) return claimIdempotencyKey(scope, fingerprint, now);
  if (Item.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (Item.state !== 'completed') return { kind: 'in_progress' };
  return { kind: 'replay', status: Item.response_status, body: Item.response_body };
}

export async function completeIdempotencyKey(scope: IdempotencyScope, status: number, body: string | undefined): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keyOf(scope),
      UpdateExpression: 'SET #state = :completed, response_status = :status, response_body = :body',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':completed': 'completed', ':status': status, ':body': body ?? null },
    }),
  );
}

/** A request that failed gives its key back, so the client's retry runs anew. */
export async function releaseIdempotencyKey(scope: IdempotencyScope): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keyOf(scope) }));
}
