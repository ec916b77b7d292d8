import { describe, expect, it } from 'vitest';
import { isLive, keys, PENDING_SHARDS, shardOf } from './keys.ts';

describe('item keys', () => {
  it('list a benchmark’s versions in numeric order: version 10 sorts after version 9', () => {
    const sks = [10, 9, 100, 1].map((version) => keys.benchmarkVersion('acme', 'bm_1', version).SK);
    expect([...sks].sort()).toEqual([1, 9, 10, 100].map((version) => keys.benchmarkVersion('acme', 'bm_1', version).SK));
  });

  it('keep the platform’s dead letters apart from every tenant’s, whatever the tenant is called', () => {
    const platform = keys.deadLetters(null, 'scoring').PK;
    for (const tenant of ['SYSTEM', 'acme', '']) expect(keys.deadLetters(tenant, 'scoring').PK).not.toBe(platform);
    expect(keys.deadLetter(null, 'scoring', '2026-01-01T00:00:00.000Z', 'm1').PK).toBe(platform);
  });

  it('give two tenants’ items of the same id different keys', () => {
    expect(keys.agent('acme', 'agt_1')).not.toEqual(keys.agent('other', 'agt_1'));
    expect(keys.submission('acme', 'sub_1')).not.toEqual(keys.submission('other', 'sub_1'));
    expect(keys.webhook('acme', 'whk_1')).not.toEqual(keys.webhook('other', 'whk_1'));
  });
});

describe('shardOf', () => {
  const ids = Array.from({ length: 200 }, (_, i) => `sub_${i.toString(36)}${'x'.repeat(i % 7)}`);

  it('puts an id in the same shard every time, inside the range', () => {
    for (const id of ids) {
      const shard = shardOf(id, PENDING_SHARDS);
      expect(shard).toBe(shardOf(id, PENDING_SHARDS));
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(PENDING_SHARDS);
    }
  });

  it('spreads ids over every shard', () => {
    expect(new Set(ids.map((id) => shardOf(id, PENDING_SHARDS))).size).toBe(PENDING_SHARDS);
  });
});

describe('isLive', () => {
  const now = new Date('2026-01-01T00:00:10.000Z');
  const seconds = now.getTime() / 1000;

  it('treats an item past its expiry as gone before TTL deletes it, and one without expiry as live', () => {
    expect(isLive({ expires_at: seconds - 1 }, now)).toBe(false);
    expect(isLive({ expires_at: seconds }, now)).toBe(false);
    expect(isLive({ expires_at: seconds + 1 }, now)).toBe(true);
    expect(isLive({}, now)).toBe(true);
  });
});
