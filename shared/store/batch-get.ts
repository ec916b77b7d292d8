// Many reads at once: BatchGetItem in requests of 100 keys (DynamoDB's most), the keys DynamoDB
// hands back unprocessed (throttling) asked again with capped, jittered exponential backoff.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';

type Item = Record<string, any>;
type Key = Record<string, unknown>;

const BATCH_SIZE = 100;
const MAX_ATTEMPTS = 8;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface GetAllOptions {
  projection?: { expression: string; names?: Record<string, string> };
  /** Strongly consistent reads (the conditional writes that follow expect the latest version). */
  consistent?: boolean;
}

/** The items found for these keys (distinct), in no particular order; missing keys are absent. */
export async function getAll(keyList: readonly Key[], options: GetAllOptions = {}): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keyList.length; i += BATCH_SIZE) {
    let requested: Key[] = keyList.slice(i, i + BATCH_SIZE);
    for (let attempt = 1; requested.length > 0; attempt++) {
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
      requested = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      if (requested.length > 0 && attempt >= MAX_ATTEMPTS) throw new Error(`${requested.length} reads stayed unprocessed`);
      if (requested.length > 0) await pause(Math.random() * Math.min(1000, 50 * 2 ** attempt));
    }
  }
  return found;
}
