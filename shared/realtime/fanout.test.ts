import {
  ApiGatewayManagementApiClient,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BroadcastShard, BroadcastUpdates } from './broadcast-message.ts';
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

describe('fanOutBroadcast, hidden test sets: what each audience may see of a score', () => {
  /** submission.scored on a leaderboard of a version with private tasks, not yet revealed. */
  const scored: BroadcastShard = {
    kind: 'shard',
    tenant_id: 't1',
    channel: 'leaderboard:bm_1',
    seq: 3,
    type: 'submission.scored',
    data: {
      kind: 'entry',
      agent_id: 'agt_1',
      score: 0.25,
      public_score: 0.75,
      confidence_interval: { level: 0.95, low: 0, high: 0.5, method: 'bootstrap' },
      stderr: 0.1,
      private_tasks: 2,
      revealed_at: null,
    },
    occurred_at: '2026-11-22T00:00:00.000Z',
    shard: '1/1',
    attempt: 1,
    views: [null, null, null],
    audiences: ['agent', 'viewer', 'maintainer'],
    targets: [
      ['agent', 0],
      ['viewer', 1],
      ['maintainer', 2],
      ['admin', 2],
    ],
  };

  const dataOf = () =>
    new Map(
      connections
        .commandCalls(PostToConnectionCommand)
        .map((call) => [call.args[0].input.ConnectionId!, JSON.parse(String(call.args[0].input.Data)).data]),
    );

  it('before the reveal: agents and viewers get public_score only — the full score never reaches them; maintainers get both', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    await fanOutBroadcast(scored, 'c', settings);
    const data = dataOf();
    for (const id of ['agent', 'viewer']) {
      expect(data.get(id)).toMatchObject({ score: null, public_score: 0.75, confidence_interval: null, stderr: null });
      // Not in the bytes at all.
      expect(JSON.stringify(data.get(id))).not.toContain('0.25');
    }
    for (const id of ['maintainer', 'admin']) expect(data.get(id)).toMatchObject({ score: 0.25, public_score: 0.75, stderr: 0.1 });
  });

  it('after the reveal: everyone gets both', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    await fanOutBroadcast({ ...scored, data: { ...scored.data, revealed_at: '2026-11-21T00:00:00.000Z' } }, 'c', settings);
    for (const [, data] of dataOf()) expect(data).toMatchObject({ score: 0.25, public_score: 0.75 });
  });

  it('keeps a throttled subscriber’s audience when it sends the post back', async () => {
    connections.on(PostToConnectionCommand).callsFake((input: { ConnectionId: string }) => {
      if (input.ConnectionId === 'viewer') throw throttled();
      return {};
    });
    await fanOutBroadcast(scored, 'c', settings);
    const resent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ views: [null], audiences: ['viewer'], targets: [['viewer', 0]] });
  });
});

describe('fanOutBroadcast, an `updates` message (the channels of one event together)', () => {
  const at = '2026-12-05T00:00:00.000Z';
  /** A scored submission on its channel, its board and `events`, each channel at its own seq. */
  const event: BroadcastUpdates = {
    kind: 'updates',
    tenant_id: 't1',
    channels: [
      { channel: 'submission:s1', seq: 2, type: 'submission.scored', data: { kind: 'status', score: 1 }, occurred_at: at },
      { channel: 'leaderboard:b1', seq: 41, type: 'submission.scored', data: { kind: 'entry', score: 1 }, occurred_at: at, correlation_id: 'other' },
      { channel: 'events', seq: 7, type: 'submission.scored', data: { kind: 'event', score: 1 }, occurred_at: at },
    ],
  };
  /** The live subscribers of each channel's partition. */
  const watching = (audiences: Record<string, string[]>) =>
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: { ':pk': string } }) => {
      const channel = input.ExpressionAttributeValues[':pk'].split('#CHAN#')[1]!;
      return { Items: (audiences[channel] ?? []).map((id) => ({ connection_id: id, locations: null, expires_at: 4102444800, audience: 'viewer' })) };
    });
  const posted = () =>
    connections.commandCalls(PostToConnectionCommand).map((call) => {
      const message = JSON.parse(String(call.args[0].input.Data));
      return [call.args[0].input.ConnectionId, message.channel, message.seq, message.data.kind, message.correlation_id];
    });

  it('queries each channel’s audience once and posts each subscriber its channel’s update, at that channel’s seq', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    watching({ 'submission:s1': ['agent'], 'leaderboard:b1': ['dash', 'agent'] });
    const report = await fanOutBroadcast(event, 'batch', settings);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(3);
    expect(posted().sort()).toEqual(
      [
        ['agent', 'submission:s1', 2, 'status', 'batch'],
        ['dash', 'leaderboard:b1', 41, 'entry', 'other'],
        ['agent', 'leaderboard:b1', 41, 'entry', 'other'],
      ].sort(),
    );
    expect(report).toMatchObject({ audience: 3, sent: 3, shardsDispatched: 0 });
  });

  it('shares the first shard between the channels with an audience; the rest travel as each channel’s shards', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    const five = (prefix: string) => Array.from({ length: 5 }, (_, i) => `${prefix}${i}`);
    watching({ 'leaderboard:b1': five('d'), events: five('e') });
    const report = await fanOutBroadcast(event, 'batch', { ...settings, shardSize: 2, firstShardSize: 4 });
    // Each of the two channels posts 2 here (4 shared by 2), and sends 3 back in shards of 2 and 1.
    expect(posted()).toHaveLength(4);
    const shards = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(shards.map((m) => [m.kind, m.channel, m.seq, m.targets.length, m.correlation_id]).sort()).toEqual(
      [
        ['shard', 'events', 7, 2, undefined],
        ['shard', 'events', 7, 1, undefined],
        ['shard', 'leaderboard:b1', 41, 2, 'other'],
        ['shard', 'leaderboard:b1', 41, 1, 'other'],
      ].sort(),
    );
    expect(report).toMatchObject({ audience: 10, sent: 4, shardsDispatched: 4 });
  });

  it('fails the message when a channel fails, after the others were posted (a retry repeats their seqs: clients drop them)', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    connections.on(PostToConnectionCommand, { ConnectionId: 'dash' }).rejects(throttled());
    watching({ 'submission:s1': ['agent'], events: ['dash'] });
    await expect(fanOutBroadcast(event, 'batch', { ...settings, maxAttempts: 1, postAttempts: 1 })).rejects.toThrow(/still throttled/);
    expect(posted().map(([id, channel]) => [id, channel])).toEqual([
      ['agent', 'submission:s1'],
      ['dash', 'events'],
    ]);
  });

  it('fails the message, posting nothing, when an audience cannot be read', async () => {
    connections.on(PostToConnectionCommand).resolves({});
    watching({ 'submission:s1': ['agent'] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'TENANT#t1#CHAN#leaderboard:b1', ':conn': 'CONN#' } })
      .rejects(new Error('throttled'));
    await expect(fanOutBroadcast(event, 'batch', settings)).rejects.toThrow('throttled');
    expect(posted()).toEqual([]);
  });
});
