import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelUpdate } from './broadcast-sink.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let broadcastUpdates: (updates: readonly ChannelUpdate[]) => Promise<void>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  vi.stubEnv('BROADCAST_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/000000000000/broadcast');
  ({ broadcastUpdates } = await import('./broadcast-sink.ts'));
});

/** Each channel's counter, as DynamoDB's ADD keeps it. */
let counters: Map<string, number>;
/** The channels nobody watches (every other channel has a subscriber). */
let unwatched: Set<string>;
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  counters = new Map();
  unwatched = new Set();
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: { ':pk': string } }) => ({
    Items: unwatched.has(input.ExpressionAttributeValues[':pk'].split('#CHAN#')[1]!) ? [] : [{ SK: 'CONN#c1' }],
  }));
  dynamo.on(UpdateCommand).callsFake((input: { Key: { PK: string }; ExpressionAttributeValues: { ':n': number } }) => {
    const next = (counters.get(input.Key.PK) ?? 0) + input.ExpressionAttributeValues[':n'];
    counters.set(input.Key.PK, next);
    return { Attributes: { seq: next } };
  });
  sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
});

const update = (channel: string, n: number, data: Record<string, unknown> = { n }): ChannelUpdate => ({
  tenantId: 't1',
  channel,
  type: 'agent.status_changed',
  data,
  correlationId: `c${n}`,
  occurredAt: '2026-11-22T00:00:00.000Z',
});

type Sent = { channel: string; seq: number; data: { n: number }; correlation_id?: string; more?: Omit<Sent, 'channel' | 'more'>[] };
type Body = (Sent & { kind: 'update' }) | { kind: 'updates'; channels: Sent[] };
const bodies = () =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.MessageBody!) as Body));
/** Each channel's part of every message sent. */
const messages = () => bodies().flatMap((body) => (body.kind === 'updates' ? body.channels : [body]));
/** Every update sent, packed ones unpacked, with its message's channel. */
const sent = () => messages().flatMap((m) => [m, ...(m.more ?? []).map((item) => ({ ...item, channel: m.channel }))]);

describe('broadcastUpdates', () => {
  it('takes one seq ADD per channel and numbers that channel’s updates consecutively, in the order given', async () => {
    await broadcastUpdates([update('events', 1), update('monitoring', 2), update('events', 3), update('events', 4)]);

    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(2);
    const byChannel = (channel: string) =>
      sent()
        .filter((m) => m.channel === channel)
        .map((m) => [m.data.n, m.seq]);
    expect(byChannel('events')).toEqual([
      [1, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(byChannel('monitoring')).toEqual([[2, 1]]);
  });

  it('continues each channel’s numbering across calls, so a client sees no gap', async () => {
    await broadcastUpdates([update('events', 1), update('events', 2)]);
    await broadcastUpdates([update('events', 3)]);
    expect(sent().map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('gives every part of a split update its own number within the channel’s block', async () => {
    const big = { lines: Array.from({ length: 4 }, (_, i) => ({ message: 'x'.repeat(12_000), i })) };
    await broadcastUpdates([update('submission:s1', 1, big), update('submission:s1', 2)]);
    const seqs = sent().map((m) => m.seq);
    expect(seqs.length).toBeGreaterThan(2);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('packs a channel’s updates, up to ten to a message, each later one naming its own correlation id only when it differs', async () => {
    const updates = Array.from({ length: 23 }, (_, i) => ({ ...update('events', i), correlationId: i === 5 ? 'other' : 'batch' }));
    await broadcastUpdates([...updates, update('monitoring', 99)]);
    const sizes = messages()
      .map((m) => (m.channel === 'events' ? 1 + (m.more?.length ?? 0) : 0))
      .filter(Boolean);
    expect(sizes).toEqual([10, 10, 3]);
    expect(
      sent()
        .filter((m) => m.channel === 'events')
        .map((m) => [m.data.n, m.seq]),
    ).toEqual(updates.map((_, i) => [i, i + 1]));
    const packed = messages()[0]!.more!;
    expect(packed.find((item) => item.data.n === 5)!.correlation_id).toBe('other');
    expect(packed.find((item) => item.data.n === 4)!.correlation_id).toBeUndefined();
  });

  it('keeps a packed message’s data within 128 KB, so even a shard of it with 2,000 targets fits SQS', async () => {
    const large = (n: number) => update('events', n, { n, lines: ['x'.repeat(30_000)] });
    await broadcastUpdates(Array.from({ length: 9 }, (_, i) => large(i)));
    const bodies = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => entry.MessageBody!));
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(128 * 1024 + 4 * 1024);
    expect(sent().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sends the channels of one call together: one message, each channel once, with its own seq', async () => {
    await broadcastUpdates([update('submission:s1', 1), update('leaderboard:b1', 2), update('events', 3)]);
    expect(bodies()).toEqual([
      expect.objectContaining({
        kind: 'updates',
        channels: [
          expect.objectContaining({ channel: 'submission:s1', seq: 1, data: { n: 1 } }),
          // Another publish's update names its own correlation id; the message's is the first one's.
          expect.objectContaining({ channel: 'leaderboard:b1', seq: 1, data: { n: 2 }, correlation_id: 'c2' }),
          expect.objectContaining({ channel: 'events', seq: 1, data: { n: 3 }, correlation_id: 'c3' }),
        ],
      }),
    ]);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageAttributes).toMatchObject({
      correlation_id: { StringValue: 'c1' },
    });
  });

  it('takes no seq and sends nothing for a channel nobody watches', async () => {
    unwatched = new Set(['submission:s1', 'events']);
    await broadcastUpdates([update('submission:s1', 1), update('leaderboard:b1', 2), update('events', 3)]);
    expect(dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key!.PK)).toEqual(['TENANT#t1#CHAN#leaderboard:b1']);
    // One channel left: the message is an `update`, as before several channels could share one.
    expect(bodies()).toEqual([expect.objectContaining({ kind: 'update', channel: 'leaderboard:b1', seq: 1 })]);
    const check = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(check).toMatchObject({ ConsistentRead: true, Limit: 1 });

    unwatched = new Set(['submission:s1', 'leaderboard:b1', 'events']);
    sqs.resetHistory();
    await broadcastUpdates([update('submission:s1', 4), update('leaderboard:b1', 5)]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('never throws: a failed ADD is logged and the publisher carries on', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(broadcastUpdates([update('events', 1)])).resolves.toBeUndefined();
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
