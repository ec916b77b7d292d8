// Proves the table answers: one consistent GetItem on a fixed key (found or not, it answered).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';

export async function probeTable(signal: AbortSignal): Promise<void> {
  await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.health(), ConsistentRead: true }), {
    abortSignal: signal,
  });
}
