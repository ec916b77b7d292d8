import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);
let putAll: (items: Record<string, unknown>[]) => Promise<void>;
let deleteAll: (keys: Record<string, unknown>[]) => Promise<void>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  ({ putAll, deleteAll } = await import('./batch-write.ts'));
});
beforeEach(() => {
  dynamo.reset();
  vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff waits in tests
});
afterEach(() => vi.restoreAllMocks());

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ PK: 'P', SK: `S${i}` }));
const written = () =>
  dynamo.commandCalls(BatchWriteCommand).flatMap((call) => call.args[0].input.RequestItems!.table!.map((r) => r.PutRequest!.Item!.SK));

describe('putAll', () => {
  it('writes in requests of at most 25 items', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    await putAll(items(60));
    const sizes = dynamo.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems!.table!.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([25, 25, 10]);
    expect(new Set(written()).size).toBe(60);
  });

  it('retries exactly the items DynamoDB hands back unprocessed', async () => {
    const unprocessed = [{ PutRequest: { Item: { PK: 'P', SK: 'S3' } } }];
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: unprocessed } })
      .resolves({});
    await putAll(items(5));
    const calls = dynamo.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.RequestItems).toEqual({ table: unprocessed });
  });

  it('gives up with 503 unavailable when items stay unprocessed', async () => {
    dynamo.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    await expect(putAll(items(2))).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(8);
  });
});

describe('deleteAll', () => {
  it('deletes in requests of at most 25 keys, retrying what DynamoDB hands back unprocessed', async () => {
    const unprocessed = [{ DeleteRequest: { Key: { PK: 'P', SK: 'S3' } } }];
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: unprocessed } })
      .resolves({});
    await deleteAll(items(30));
    const calls = dynamo.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems!.table!);
    expect(calls.map((requests) => requests.length).sort((a, b) => b - a)).toEqual([25, 5, 1]);
    expect(calls.flat()).toContainEqual(unprocessed[0]);
    expect(calls.flat().every((request) => request.DeleteRequest !== undefined)).toBe(true);
  });
});
