import { describe, expect, it } from 'vitest';
import { channelMessagesOf, itemsOf, type BroadcastUpdate } from './broadcast-message.ts';
import { MAX_MESSAGE_DATA_BYTES, packUpdates, type NumberedUpdate, type PackedMessage } from './pack.ts';

const numbered = (channel: string, seq: number, options: { tenantId?: string; correlationId?: string; bytes?: number } = {}): NumberedUpdate => ({
  tenantId: options.tenantId ?? 't1',
  channel,
  item: { seq, type: 'submission.scored', data: { n: seq }, occurred_at: '2026-12-05T00:00:00.000Z' },
  correlationId: options.correlationId ?? 'c1',
  bytes: options.bytes ?? 10,
});

/** Each message as the per-channel `update` messages the worker fans out. */
const perChannel = (message: PackedMessage): BroadcastUpdate[] =>
  message.body.kind === 'updates' ? channelMessagesOf(message.body) : [message.body];
/** Every channel's seqs across all messages, in the order they travel. */
const seqsByChannel = (messages: PackedMessage[]) => {
  const seqs: Record<string, number[]> = {};
  for (const update of messages.flatMap(perChannel)) (seqs[update.channel] ??= []).push(...itemsOf(update).map((item) => item.seq));
  return seqs;
};

describe('packUpdates', () => {
  it('sends the channels of one event as one message, each channel with its own seq', () => {
    const messages = packUpdates([numbered('submission:s1', 4), numbered('leaderboard:b1', 9), numbered('events', 120)]);
    expect(messages).toEqual([
      {
        correlationId: 'c1',
        body: {
          kind: 'updates',
          tenant_id: 't1',
          channels: [
            { channel: 'submission:s1', seq: 4, type: 'submission.scored', data: { n: 4 }, occurred_at: '2026-12-05T00:00:00.000Z' },
            { channel: 'leaderboard:b1', seq: 9, type: 'submission.scored', data: { n: 9 }, occurred_at: '2026-12-05T00:00:00.000Z' },
            { channel: 'events', seq: 120, type: 'submission.scored', data: { n: 120 }, occurred_at: '2026-12-05T00:00:00.000Z' },
          ],
        },
      },
    ]);
  });

  it('sends one channel’s updates as `update` messages, as before several channels could share one', () => {
    const messages = packUpdates(Array.from({ length: 12 }, (_, i) => numbered('events', i + 1)));
    expect(messages.map((m) => m.body.kind)).toEqual(['update', 'update']);
    expect(messages.map((m) => itemsOf(m.body as BroadcastUpdate).length)).toEqual([10, 2]);
    expect(seqsByChannel(messages)).toEqual({ events: Array.from({ length: 12 }, (_, i) => i + 1) });
  });

  it('keeps each channel’s updates in the order given and lists a channel once per message', () => {
    const updates = [
      ...Array.from({ length: 23 }, (_, i) => numbered('events', i + 1)),
      numbered('monitoring', 7),
      numbered('monitoring', 8),
      numbered('leaderboard:b1', 3),
    ];
    const messages = packUpdates(updates);
    expect(seqsByChannel(messages)).toEqual({ events: updates.slice(0, 23).map((u) => u.item.seq), monitoring: [7, 8], 'leaderboard:b1': [3] });
    for (const message of messages) {
      const channels = perChannel(message).map((u) => u.channel);
      expect(new Set(channels).size).toBe(channels.length);
    }
    // Three runs of events (10, 10, 3); the other channels join the first message.
    expect(messages).toHaveLength(3);
    expect(perChannel(messages[0]!).map((u) => u.channel)).toEqual(['events', 'monitoring', 'leaderboard:b1']);
  });

  it('names an update’s correlation id only when it differs from its message’s', () => {
    const [message] = packUpdates([
      numbered('events', 1, { correlationId: 'a' }),
      numbered('events', 2, { correlationId: 'b' }),
      numbered('monitoring', 5, { correlationId: 'b' }),
      numbered('leaderboard:b1', 3, { correlationId: 'a' }),
    ]);
    expect(message!.correlationId).toBe('a');
    const [events, monitoring, board] = perChannel(message!);
    expect(itemsOf(events!).map((item) => item.correlation_id)).toEqual([undefined, 'b']);
    expect(itemsOf(monitoring!)[0]!.correlation_id).toBe('b');
    expect(itemsOf(board!)[0]!.correlation_id).toBeUndefined();
  });

  it('puts at most ten channels in a message', () => {
    const messages = packUpdates(Array.from({ length: 11 }, (_, i) => numbered(`submission:s${i}`, 1)));
    expect(messages.map((m) => perChannel(m).length)).toEqual([10, 1]);
    expect(messages[1]!.body.kind).toBe('update');
  });

  it('keeps a message’s data within 128 KB, whatever the channels', () => {
    const big = Math.floor(MAX_MESSAGE_DATA_BYTES / 3);
    const updates = [
      numbered('events', 1, { bytes: big }),
      numbered('events', 2, { bytes: big }),
      numbered('monitoring', 1, { bytes: big }),
      numbered('leaderboard:b1', 1, { bytes: big }),
      numbered('submission:s1', 1, { bytes: 10 }),
    ];
    const messages = packUpdates(updates);
    const sizeOf = (channel: string, seq: number) => updates.find((u) => u.channel === channel && u.item.seq === seq)!.bytes;
    const bytes = (message: PackedMessage) =>
      perChannel(message).reduce((sum, u) => sum + itemsOf(u).reduce((n, item) => n + sizeOf(u.channel, item.seq), 0), 0);
    for (const message of messages) expect(bytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_DATA_BYTES);
    expect(messages.map((m) => perChannel(m).map((u) => u.channel))).toEqual([
      ['events', 'monitoring'],
      ['leaderboard:b1', 'submission:s1'],
    ]);
  });

  it('never mixes tenants in a message', () => {
    const messages = packUpdates([numbered('events', 1), numbered('events', 1, { tenantId: 't2' }), numbered('monitoring', 1)]);
    expect(messages.map((m) => [m.body.tenant_id, perChannel(m).map((u) => u.channel)])).toEqual([
      ['t1', ['events', 'monitoring']],
      ['t2', ['events']],
    ]);
  });

  it('sends nothing for nothing', () => {
    expect(packUpdates([])).toEqual([]);
  });
});
