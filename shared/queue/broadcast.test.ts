import { describe, expect, it } from 'vitest';
import { shardMessage, type BroadcastUpdate, type BroadcastUpdates } from '#shared/realtime/broadcast-message.ts';
import { broadcastQueue } from './broadcast.ts';

const update: BroadcastUpdate = {
  kind: 'update',
  tenant_id: 'acme',
  channel: 'monitoring',
  seq: 4,
  type: 'monitoring.summary',
  data: { kind: 'summary' },
  occurred_at: '2026-11-21T12:00:00.000Z',
};
const packed: BroadcastUpdate = {
  ...update,
  more: [{ seq: 5, type: 'agent.status_changed', data: { kind: 'event' }, occurred_at: update.occurred_at, correlation_id: 'c2' }],
};
const shard = shardMessage(
  packed,
  {
    views: [null, ['paris']],
    targets: [
      ['c1', 0],
      ['c2', 1, 1],
    ],
  },
  '1/1',
  2,
);

/** A scored submission's channels together. */
const together: BroadcastUpdates = {
  kind: 'updates',
  tenant_id: 'acme',
  channels: [
    { channel: 'submission:s1', seq: 2, type: 'submission.scored', data: { kind: 'status' }, occurred_at: update.occurred_at },
    {
      channel: 'leaderboard:b1',
      seq: 9,
      type: 'submission.scored',
      data: { kind: 'entry' },
      occurred_at: update.occurred_at,
      correlation_id: 'c2',
      more: packed.more,
    },
  ],
};

const errorOf = (body: unknown) => {
  const parsed = broadcastQueue.parse(body);
  return parsed.ok ? undefined : parsed.error;
};

describe('the broadcast queue contract', () => {
  it('takes updates and shards back as they were sent', () => {
    for (const message of [update, packed, shard, together])
      expect(broadcastQueue.parse(JSON.parse(JSON.stringify(message)))).toEqual({ ok: true, value: message });
  });

  it('refuses a body that is neither, naming the field that is wrong', () => {
    expect(errorOf({ ...packed, more: [{ seq: 'x', data: {} }] })).toMatch(/^Not a broadcast message: more\.0\.seq: /);
    expect(errorOf({ ...shard, targets: [['c1', 0, 'one']] })).toMatch(/targets\.0\.2: /);
    expect(errorOf({ ...update, kind: 'shard' })).toMatch(/views: .*targets: /s);
    expect(errorOf({ kind: 'chat' })).toMatch(/kind/);
    expect(errorOf('text')).toMatch(/\(body\): /);
    expect(errorOf({ ...update, seq: '4' })).toMatch(/seq: /);
    expect(errorOf({ ...update, data: [] })).toMatch(/data: /);
    expect(errorOf({ ...update, tenant_id: '' })).toMatch(/tenant_id: /);
    expect(errorOf({ ...shard, targets: [['c1', 2]] })).toMatch(/targets: a target names a view the shard does not list/);
    expect(errorOf({ ...shard, views: 'all' })).toMatch(/views: /);
    expect(errorOf(null)).toMatch(/\(body\): /);
  });

  it('refuses an `updates` message without channels, with too many, with one twice, or with a malformed part', () => {
    expect(errorOf({ ...together, channels: [] })).toMatch(/channels: /);
    const part = together.channels[0]!;
    expect(errorOf({ ...together, channels: Array.from({ length: 11 }, (_, i) => ({ ...part, channel: `submission:s${i}` })) })).toMatch(
      /channels: /,
    );
    expect(errorOf({ ...together, channels: [part, part] })).toMatch(/channels: a channel is listed twice/);
    expect(errorOf({ ...together, channels: [{ ...part, seq: 'x' }] })).toMatch(/channels\.0\.seq: /);
    expect(errorOf({ ...together, channels: [{ ...part, channel: '' }] })).toMatch(/channels\.0\.channel: /);
    expect(errorOf({ ...together, tenant_id: undefined })).toMatch(/tenant_id: /);
  });
});
