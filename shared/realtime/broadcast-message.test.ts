import { describe, expect, it } from 'vitest';
import {
  itemsOf,
  MAX_SHARD_SIZE,
  planShards,
  redeliveryDelaySeconds,
  retryDelayMs,
  shardMessage,
  type BroadcastUpdate,
  type Subscriber,
} from './broadcast-message.ts';

const audience = (n: number, locations: (i: number) => string[] | null = () => null): Subscriber[] =>
  Array.from({ length: n }, (_, i) => ({ connectionId: `c${i}`, locations: locations(i) }));

const update: BroadcastUpdate = {
  kind: 'update',
  tenant_id: 'acme',
  channel: 'monitoring',
  seq: 4,
  type: 'monitoring.summary',
  data: { kind: 'summary' },
  occurred_at: '2026-11-21T12:00:00.000Z',
};

describe('planShards', () => {
  it('keeps a small audience in one shard', () => {
    const [only, ...rest] = planShards(audience(3), 100);
    expect(rest).toEqual([]);
    expect(only).toEqual({
      views: [null],
      targets: [
        ['c0', 0],
        ['c1', 0],
        ['c2', 0],
      ],
    });
  });

  it('splits a large audience into shards of at most the shard size, every connection exactly once', () => {
    const shards = planShards(audience(2050), 100);
    expect(shards).toHaveLength(21);
    expect(shards.map((s) => s.targets.length)).toEqual([...Array(20).fill(100), 50]);
    expect(shards.flatMap((s) => s.targets.map(([id]) => id))).toEqual(audience(2050).map((s) => s.connectionId));
  });

  it('gives the first shard (posted by the invocation that resolved the audience) its own, larger size', () => {
    expect(planShards(audience(120), 25, 50).map((s) => s.targets.length)).toEqual([50, 25, 25, 20]);
    expect(planShards(audience(40), 25, 50).map((s) => s.targets.length)).toEqual([40]);
    expect(planShards(audience(60), 25, 10).map((s) => s.targets.length)).toEqual([25, 25, 10]);
    expect(planShards(audience(120), 25, 50).flatMap((s) => s.targets.map(([id]) => id))).toEqual(audience(120).map((s) => s.connectionId));
  });

  it('bounds the shard size whatever the setting says', () => {
    expect(planShards(audience(5), 0)).toHaveLength(5);
    expect(planShards(audience(MAX_SHARD_SIZE + 1), 10 ** 9)).toHaveLength(2);
  });

  it('lists each shard’s distinct location sets once, in order of appearance', () => {
    const sets = [null, ['paris'], ['lyon', 'paris'], ['paris', 'lyon']];
    const [shard] = planShards(
      audience(8, (i) => sets[i % 4]!),
      100,
    );
    expect(shard!.views).toEqual([null, ['paris'], ['lyon', 'paris']]);
    expect(shard!.targets.map(([, view]) => view)).toEqual([0, 1, 2, 2, 0, 1, 2, 2]);
  });

  it('groups subscribers by what they may see of a score too (hidden test sets): one view per audience and location set', () => {
    const audiences = ['agent', 'viewer', 'maintainer', 'maintainer', 'viewer'] as const;
    const [shard] = planShards(
      audiences.map((audience, i) => ({ connectionId: `c${i}`, locations: null, audience })),
      100,
    );
    expect(shard!.views).toEqual([null, null, null]);
    expect(shard!.audiences).toEqual(['agent', 'viewer', 'maintainer']);
    expect(shard!.targets.map(([, view]) => view)).toEqual([0, 1, 2, 2, 1]);
  });

  it('makes no shard for nobody', () => {
    expect(planShards([], 100)).toEqual([]);
  });
});

describe('shard messages', () => {
  it('carry the update, its seq and targets', () => {
    const [, second] = planShards(
      audience(150, (i) => (i % 2 ? ['paris'] : null)),
      100,
    );
    const message = shardMessage(update, second!, '2/2');
    expect(message).toMatchObject({ kind: 'shard', seq: 4, channel: 'monitoring', shard: '2/2', attempt: 1 });
    expect(message.targets).toHaveLength(50);
  });

  it('carry the updates packed with the first (`more`), and each target’s first update still to post', () => {
    const packed: BroadcastUpdate = {
      ...update,
      more: [{ seq: 5, type: 'agent.status_changed', data: { kind: 'event' }, occurred_at: update.occurred_at, correlation_id: 'c2' }],
    };
    expect(itemsOf(packed).map((item) => item.seq)).toEqual([4, 5]);
    expect(itemsOf(update)).toEqual([{ seq: 4, type: update.type, data: update.data, occurred_at: update.occurred_at }]);
    const shard = shardMessage(
      packed,
      {
        views: [null],
        targets: [
          ['c1', 0],
          ['c2', 0, 1],
        ],
      },
      '1/1',
      2,
    );
    expect(shard.targets).toEqual([
      ['c1', 0],
      ['c2', 0, 1],
    ]);
  });
});

describe('backoff', () => {
  it('waits a jittered, capped, growing time within an invocation', () => {
    expect(retryDelayMs(1, () => 1)).toBe(50);
    expect(retryDelayMs(2, () => 1)).toBe(100);
    expect(retryDelayMs(10, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 0)).toBe(0);
  });

  it('delays shards sent back through the queue by whole, growing seconds', () => {
    expect([2, 3, 4, 5, 8].map(redeliveryDelaySeconds)).toEqual([2, 4, 8, 16, 60]);
  });
});
