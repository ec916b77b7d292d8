// publish(): a keyed (guaranteed) event makes publish() throw when a sink failed for it — after both
// sinks ran — and is stored under the same derived id every time; an unkeyed one stays best effort.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlatformEvent } from './publish.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let publish: (events: PlatformEvent[]) => Promise<void>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  vi.stubEnv('BROADCAST_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/000000000000/broadcast');
  vi.stubEnv('DELIVERY_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/000000000000/delivery');
  ({ publish } = await import('./publish.ts'));
});

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 1 } });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  // Someone watches every channel (the broadcast sink checks before it takes a seq).
  dynamo.on(QueryCommand, { ConsistentRead: true, Limit: 1 }).resolves({ Items: [{ SK: 'CONN#c1' }] });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
});

const scored = (key?: string): PlatformEvent => ({
  type: 'submission.scored',
  tenantId: 't1',
  channels: ['submission:sub_1'],
  data: { submission_id: 'sub_1', score: 1 },
  correlationId: 'c1',
  occurredAt: '2026-12-04T17:00:00.000Z',
  ...(key ? { key } : {}),
});
const storedIds = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item!.event_id as string);

describe('publish', () => {
  it('throws for a keyed event whose event write failed, after broadcasting it', async () => {
    dynamo.on(PutCommand).rejectsOnce(new Error('InternalServerError'));
    await expect(publish([scored('sub_1@2026-12-04T17:00:00.000Z')])).rejects.toMatchObject({ name: 'EventsNotPublished' });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('throws for a keyed event the broadcast queue refused, after storing it for webhooks', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('ServiceUnavailable'));
    await expect(publish([scored('sub_1@2026-12-04T17:00:00.000Z')])).rejects.toThrow(/broadcast/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('stays best effort for an unkeyed event', async () => {
    dynamo.on(PutCommand).rejects(new Error('InternalServerError'));
    sqs.on(SendMessageBatchCommand).rejects(new Error('ServiceUnavailable'));
    await expect(publish([scored()])).resolves.toBeUndefined();
  });

  it('stores a keyed event under the same id every time; an event already stored is kept and its deliveries read', async () => {
    const key = 'sub_1@2026-12-04T17:00:00.000Z';
    await publish([scored(key)]);
    dynamo.on(PutCommand).rejects(conditionFailed());
    await publish([scored(key)]);
    const [first, second] = storedIds();
    expect(first).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(second).toBe(first);
    // The second time: one Query for the tenant's endpoints, one for the event's deliveries.
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'])).toContain(
      `TENANT#t1#EVENT#${first}`,
    );
  });

  it('gives a different id to a different occurrence, and a fresh id to an unkeyed event', async () => {
    await publish([scored('sub_1@2026-12-04T17:00:00.000Z'), scored('sub_1@2026-12-04T18:00:00.000Z')]);
    await publish([scored()]);
    await publish([scored()]);
    expect(storedIds()).toHaveLength(4);
    expect(new Set(storedIds()).size).toBe(4);
  });
});
