// Rate-limit counters: one conditional ADD per request on the principal's current window.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { retryAfterSeconds, windowAt } from '#shared/limits/fixed-window.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';

const WINDOW_SECONDS = 60;

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export async function consumeRate(subject: string, limitPerWindow: number, now = Date.now()): Promise<RateVerdict> {
  const window = windowAt(now, WINDOW_SECONDS);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.rateWindow(subject, window.id),
        UpdateExpression: 'ADD #count :one SET expires_at = if_not_exists(expires_at, :expires)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limitPerWindow, ':expires': Math.ceil(window.endsAt / 1000) + WINDOW_SECONDS },
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (isConditionFailure(error)) return { allowed: false, retryAfterSeconds: retryAfterSeconds(now, window) };
    throw error;
  }
}
