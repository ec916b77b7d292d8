import { describe, expect, it } from 'vitest';
import { coalesceBatch, decideSlot, maxPerSecond, slotIntervalMs, type UpdateSlot } from './coalesce.ts';

describe('the update slot', () => {
  const interval = slotIntervalMs(2);

  it('is 1000/N ms per slot', () => {
    expect(slotIntervalMs(2)).toBe(500);
    expect(slotIntervalMs(3)).toBe(334);
    expect(slotIntervalMs(1)).toBe(1000);
  });

  it('is claimed at once by the first change a tenant ever has', () => {
    expect(decideSlot({ lastPublishedMs: null, publishedGeneration: 0 }, 1, 0, interval)).toEqual({ kind: 'claim' });
  });

  it('is waited for while the last publish is younger than the interval, then claimed', () => {
    const slot: UpdateSlot = { lastPublishedMs: 10_000, publishedGeneration: 4 };
    expect(decideSlot(slot, 5, 10_200, interval)).toEqual({ kind: 'wait', ms: 300 });
    expect(decideSlot(slot, 5, 10_500, interval)).toEqual({ kind: 'claim' });
  });

  it('needs no publish when one after the mark already went out', () => {
    expect(decideSlot({ lastPublishedMs: 10_000, publishedGeneration: 5 }, 5, 10_001, interval)).toEqual({ kind: 'covered' });
    expect(decideSlot({ lastPublishedMs: 10_000, publishedGeneration: 9 }, 5, 20_000, interval)).toEqual({ kind: 'covered' });
  });
});

describe('a worker batch', () => {
  it('asks once per tenant, for the highest generation, answering all of the tenant’s messages', () => {
    const batch = coalesceBatch([
      { tenantId: 'a', generation: 3, messageId: 'm1' },
      { tenantId: 'b', generation: 1, messageId: 'm2' },
      { tenantId: 'a', generation: 5, messageId: 'm3' },
      { tenantId: 'a', generation: 4, messageId: 'm4' },
    ]);
    expect([...batch]).toEqual([
      ['a', { generation: 5, messageIds: ['m1', 'm3', 'm4'] }],
      ['b', { generation: 1, messageIds: ['m2'] }],
    ]);
  });
});

describe('the limit', () => {
  it('measures the most updates in any one-second window', () => {
    expect(maxPerSecond([])).toBe(0);
    expect(maxPerSecond([0, 500, 1000, 1500])).toBe(2);
    expect(maxPerSecond([0, 400, 999, 1400])).toBe(3);
  });

  it('holds when every publish claims a slot: a flood of marks from many writers stays within N per second', () => {
    // Marks arrive every few ms for 10 s; workers claim slots exactly as decideSlot says.
    const interval = slotIntervalMs(2);
    let slot: UpdateSlot = { lastPublishedMs: null, publishedGeneration: 0 };
    let generation = 0;
    const published: number[] = [];
    const waiting: { generation: number; at: number }[] = [];
    for (let now = 0; now < 10_000; now += 3) {
      generation += 1;
      waiting.push({ generation, at: now });
      for (const request of waiting.splice(0)) {
        const decision = decideSlot(slot, request.generation, now, interval);
        if (decision.kind === 'claim') {
          slot = { lastPublishedMs: now, publishedGeneration: generation };
          published.push(now);
        } else if (decision.kind === 'wait') waiting.push(request);
      }
    }
    expect(maxPerSecond(published)).toBe(2);
    expect(published.length).toBeGreaterThanOrEqual(19);
    // The last mark is never left unpublished for longer than one slot.
    expect(10_000 - published.at(-1)!).toBeLessThanOrEqual(interval);
  });
});
