// Many reads at once: BatchGetItem in requests of 100 keys (DynamoDB's most), the keys DynamoDB
// hands back unprocessed (throttling) asked again (unprocessed.ts).
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { untilProcessed } from './unprocessed.ts';

type Item = Record<string, any>;
type Key = Record<string, unknown>;

const BATCH_SIZE = 100;

export interface GetAllOptions {
  projection?: { expression: string; names?: Record<string, string> };
  /** Strongly consistent reads (the conditional writes that follow expect the latest version). */
  consistent?: boolean;
}

/** The items found for these keys (distinct), in no particular order; missing keys are absent. */
export async function getAll(keyList: readonly Key[], options: GetAllOptions = {}): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keyList.length; i += BATCH_SIZE) {
    await untilProcessed(
      keyList.slice(i, i + BATCH_SIZE),
      async (requested) => {
        const { Responses, UnprocessedKeys } = await documentClient.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: requested,
                ...(options.projection
                  ? { ProjectionExpression: options.projection.expression, ExpressionAttributeNames: options.projection.names }
                  : {}),
                ...(options.consistent ? { ConsistentRead: true } : {}),
              },
            },
          }),
        );
        found.push(...(Responses?.[tableName] ?? []));
        return (UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      },
      'read',
    );
  }
  return found;
}
