// Many puts (or deletes) at once: BatchWriteItem in requests of 25 (DynamoDB's most), a few
// requests in flight, and the items DynamoDB hands back unprocessed (throttling) retried with
// capped, jittered exponential backoff. Callers write items whose rewrite is harmless (spans by
// span_id, log lines by their own key; a delete of what is gone), so a caller's retry after a
// failure here is safe.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { forEachConcurrently } from '#shared/concurrency.ts';
import { AppError } from '#shared/http/errors.ts';
import { documentClient, tableName } from './client.ts';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const BATCH_SIZE = 25;
const IN_FLIGHT = 4;
const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  for (let attempt = 1; ; attempt++) {
    const { UnprocessedItems } = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    requests = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    if (requests.length === 0) return;
    if (attempt === MAX_ATTEMPTS)
      throw new AppError('unavailable', 'The table is busy; some items were not stored. Retry the request', { unprocessed: requests.length }, {
        'retry-after': '1',
      });
    // Full jitter: a random wait up to the capped exponential step.
    await pause(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
  }
}
