// Many puts (or deletes) at once: BatchWriteItem in requests of 25 (DynamoDB's most), a few
// requests in flight, and the items DynamoDB hands back unprocessed (throttling) retried with
// capped, jittered exponential backoff. Callers write items whose rewrite is harmless (spans by
// span_id, log lines by their own key; a delete of what is gone), so a caller's retry after a
// failure here is safe.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { forEachConcurrently } from '#shared/concurrency.ts';
import { documentClient, tableName } from './client.ts';
import { untilProcessed } from './unprocessed.ts';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const BATCH_SIZE = 25;
const IN_FLIGHT = 4;
/** Puts every item (distinct keys); 503 `unavailable` if some stay unprocessed after every retry. */
export const putAll = (items: readonly Item[]) => writeAll(items.map((Item) => ({ PutRequest: { Item } })));

/** Deletes the item of every key (distinct keys); 503 `unavailable` if some stay unprocessed after every retry. */
export const deleteAll = (keyList: readonly Item[]) => writeAll(keyList.map((Key) => ({ DeleteRequest: { Key } })));

async function writeAll(requests: WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
  await forEachConcurrently(batches, IN_FLIGHT, writeBatch);
}

async function writeBatch(requests: WriteRequest[]): Promise<void> {
  await untilProcessed(
    requests,
    async (pending) => {
      const { UnprocessedItems } = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      return (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    },
    'stored',
  );
}
