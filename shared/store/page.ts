// One page of the items under a partition whose sort key starts with a prefix, oldest first.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export async function prefixPage(partition: { PK: string }, prefix: string, limit: number, cursor?: string) {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition.PK, ':prefix': prefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, partition),
    }),
  );
  return { items: Items as Record<string, any>[], nextCursor: encodeCursor(LastEvaluatedKey) };
}
