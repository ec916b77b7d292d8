import {
  ApiGatewayManagementApiClient,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BroadcastShard } from './broadcast-message.ts';
import type { fanOutBroadcast as FanOutBroadcast } from './fanout.ts';

const connections = mockClient(ApiGatewayManagementApiClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let fanOutBroadcast: typeof FanOutBroadcast;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  vi.stubEnv('BROADCAST_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/000000000000/broadcast');
  vi.stubEnv('WEBSOCKET_CALLBACK_URL', 'https://example.execute-api.us-east-1.amazonaws.com/prod');
  ({ fanOutBroadcast } = await import('./fanout.ts'));
});

beforeEach(() => {
  connections.reset();
  dynamo.reset();
  sqs.reset();
  vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff waits
  dynamo.on(DeleteCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
});

/** A shard of three packed updates (seq 7, 8, 9) for connections a, b and c. */
const shard: BroadcastShard = {
  kind: 'shard',
  tenant_id: 't1',
  channel: 'events',
  seq: 7,
  type: 'agent.status_changed',
  data: { kind: 'event', n: 7 },
  occurred_at: '2026-11-22T00:00:00.000Z',
  more: [
    { seq: 8, type: 'agent.status_changed', data: { kind: 'event', n: 8 }, occurred_at: '2026-11-22T00:00:01.000Z' },
    { seq: 9, type: 'agent.status_changed', data: { kind: 'event', n: 9 }, occurred_at: '2026-11-22T00:00:02.000Z', correlation_id: 'other' },
  ],
  shard: '1/1',
  attempt: 1,
  views: [null],
  targets: [
    ['a', 0],
    ['b', 0],
    ['c', 0],
  ],
};

const settings = { shardSize: 30, concurrency: 5, maxAttempts: 3, postAttempts: 2 };
const throttled = () => new LimitExceededException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });

/** What each connection received, in order: [seq, correlation id]. */
const received = () => {
  const byConnection = new Map<string, [number, string][]>();
  for (const call of connections.commandCalls(PostToConnectionCommand)) {
    const { ConnectionId, Data } = call.args[0].input;
    const message = JSON.parse(String(Data));
    if (!byConnection.has(ConnectionId!)) byConnection.set(ConnectionId!, []);
    byConnection.get(ConnectionId!)!.push([message.seq, message.correlation_id]);
  }
  return byConnection;
};

describe('fanOutBroadcast, a message of several updates', () => {
  it('posts each connection every update in seq order, each with its own correlation id where it has one', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    const report = await fanOutBroadcast(shard, 'batch', settings);
    expect(report).toMatchObject({ sent: 9, gone: 0, deferred: 0, failed: 0 });
    for (const id of ['a', 'b', 'c'])
      expect(received().get(id)).toEqual([
        [7, 'batch'],
        [8, 'batch'],
        [9, 'other'],
      ]);
  });

  it('stops at a gone connection and forgets it', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    connections
      .on(PostToConnectionCommand, { ConnectionId: 'b' })
      .rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));
    const report = await fanOutBroadcast(shard, 'batch', settings);
    expect(report).toMatchObject({ sent: 6, gone: 1 });
    expect(received().get('b')).toEqual([[7, 'batch']]);
    expect(dynamo.commandCalls(DeleteCommand).some((call) => JSON.stringify(call.args[0].input.Key).includes('b'))).toBe(true);
  });

  it('sends a still-throttled connection back from its first update not yet posted, so it gets none twice', async () => {
    let bCalls = 0;
    connections.on(PostToConnectionCommand).callsFake((input: { ConnectionId: string }) => {
      if (input.ConnectionId === 'b' && ++bCalls > 1) throw throttled(); // b gets seq 7, then is throttled
      return {};
    });
    const report = await fanOutBroadcast(shard, 'batch', settings);
    expect(report).toMatchObject({ sent: 7, deferred: 1, retried: 1 });

    const resent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ kind: 'shard', attempt: 2, seq: 7, targets: [['b', 0, 1]] });

    // The resent shard, delivered once the quota allows: b gets 8 and 9 only.
    connections.reset();
    connections.on(PostToConnectionCommand).resolves({});
    await fanOutBroadcast(resent[0], 'batch', settings);
    expect(received()).toEqual(
      new Map([
        [
          'b',
          [
            [8, 'batch'],
            [9, 'other'],
          ],
        ],
      ]),
    );
  });
});
