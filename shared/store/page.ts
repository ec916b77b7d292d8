// Paging reads shared by the stores: one Query per page, cursors checked against their partition;
// and reads of a whole partition, every page in turn.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epochSeconds } from './keys.ts';

/** Items under a partition whose sort key starts with a prefix, oldest first. */
export async function prefixPage(partition: { PK: string }, prefix: string, limit: number, cursor?: string) {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition.PK, ':prefix': prefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { partition, sortKey: { prefix } }),
    }),
  );
  return { items: Items as Record<string, any>[], nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** One page of a GSI1 partition, newest first, skipping expired items (TTL deletes lazily, so a page may come back short). */
export async function liveIndexPage(partition: { GSI1PK: string }, limit: number, cursor: string | undefined, now: Date) {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: 'expires_at > :now',
      ExpressionAttributeValues: { ':pk': partition.GSI1PK, ':now': epochSeconds(now) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { partition }),
    }),
  );
  return { items: Items as Record<string, any>[], nextCursor: encodeCursor(LastEvaluatedKey) };
}

type Query = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** Every page of a Query in turn (a page is at most `Limit` items or 1 MB). */
export async function* queryPages(query: Query): AsyncGenerator<Record<string, any>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({ ...query, TableName: tableName, ExclusiveStartKey: start }),
    );
    yield Items;
    start = LastEvaluatedKey;
  } while (start);
}

/** Every item a Query finds, across all its pages. */
export async function queryAll(query: Query): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for await (const page of queryPages(query)) items.push(...page);
  return items;
}
