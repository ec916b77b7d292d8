// Bounded concurrency for many independent awaits: at most `limit` run at once, each lane taking
// the next item as soon as its previous one is done. Plain TypeScript.

/** Calls `task` for every item (with its index), at most `limit` at a time; resolves when all are done. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
