import { describe, expect, it } from 'vitest';
import { concurrencyLimit, forEachConcurrently } from './concurrency.ts';

/** A task the test finishes by hand, recording when it started. */
function gate() {
  const started: number[] = [];
  const release = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const task = (id: number) => () =>
    new Promise<void>((resolve, reject) => {
      started.push(id);
      release.set(id, { resolve, reject });
    });
  return { started, release, task };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('concurrencyLimit', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in order as slots free up', async () => {
    const slots = concurrencyLimit(2);
    const { started, release, task } = gate();
    const all = Promise.all([1, 2, 3, 4].map((id) => slots.run(task(id))));
    await settle();
    expect(started).toEqual([1, 2]);
    release.get(2)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    release.get(1)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3, 4]);
    release.get(3)!.resolve();
    release.get(4)!.resolve();
    await all;
  });

  it('hands the slot on when a task rejects, and passes the rejection to its caller', async () => {
    const slots = concurrencyLimit(1);
    const { started, release, task } = gate();
    const first = slots.run(task(1));
    const second = slots.run(task(2));
    await settle();
    release.get(1)!.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await settle();
    expect(started).toEqual([1, 2]);
    release.get(2)!.resolve();
    await second;
  });

  it('returns what the task returns', async () => {
    await expect(concurrencyLimit(3).run(async () => 42)).resolves.toBe(42);
  });

  it('starts waiting tasks at once when the limit grows, and runs fewer when it shrinks', async () => {
    const slots = concurrencyLimit(1);
    const { started, release, task } = gate();
    const all = Promise.all([1, 2, 3, 4, 5].map((id) => slots.run(task(id))));
    await settle();
    expect(started).toEqual([1]);
    slots.resize(3);
    await settle();
    expect(started).toEqual([1, 2, 3]);
    slots.resize(1);
    release.get(1)!.resolve();
    release.get(2)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3]); // two finished, but one (3) still runs: the limit is 1
    release.get(3)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3, 4]);
    release.get(4)!.resolve();
    await settle();
    release.get(5)!.resolve();
    await all;
  });

  it('treats a limit below 1 as 1', async () => {
    const slots = concurrencyLimit(0);
    const { started, release, task } = gate();
    const all = Promise.all([1, 2].map((id) => slots.run(task(id))));
    await settle();
    expect(started).toEqual([1]);
    release.get(1)!.resolve();
    await settle();
    release.get(2)!.resolve();
    await all;
  });
});

describe('forEachConcurrently', () => {
  it('calls the task for every item with its index, at most `limit` at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: [string, number][] = [];
    await forEachConcurrently(['a', 'b', 'c', 'd', 'e'], 2, async (item, index) => {
      running++;
      most = Math.max(most, running);
      await settle();
      seen.push([item, index]);
      running--;
    });
    expect(most).toBe(2);
    expect(seen.sort()).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ]);
  });

  it('resolves at once for no items', async () => {
    await forEachConcurrently([], 4, async () => {
      throw new Error('never called');
    });
  });
});
