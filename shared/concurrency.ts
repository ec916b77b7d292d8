// Bounded concurrency, one mechanism for every caller: a limiter lets at most `limit` tasks run at
// once, the rest waiting in line (first come, first served). A limiter can be shared across calls
// (the fan-out's one per container) or made for one batch (`forEachConcurrently`). Plain TypeScript.

export interface ConcurrencyLimit {
  /** Changes the limit (at least 1); tasks already running finish, waiting ones start as slots free up. */
  resize(limit: number): void;
  /** Runs `task` once a slot is free; the slot is handed on when it settles, whether it resolves or rejects. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** At most `limit` tasks at once; a finishing task hands its slot straight to the next in line. */
export function concurrencyLimit(limit: number): ConcurrencyLimit {
  let max = Math.max(1, limit);
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    resize(next) {
      max = Math.max(1, next);
      while (active < max && waiting.length > 0) {
        active++;
        waiting.shift()!();
      }
    },
    async run(task) {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        const next = active <= max ? waiting.shift() : undefined;
        if (next) next();
        else active--;
      }
    },
  };
}

/** Calls `task` for every item (with its index), at most `limit` at a time, in order; resolves when all are done. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  const slots = concurrencyLimit(limit);
  await Promise.all(items.map((item, index) => slots.run(() => task(item, index))));
}
