// What BatchGetItem and BatchWriteItem hand back unprocessed (throttling) is sent again with capped,
// fully jittered exponential backoff; what is still left after the last try is a 503 the caller
// may retry.
import { setTimeout as pause } from 'node:timers/promises';
import { AppError } from '#shared/http/errors.ts';
import { fullJitterDelayMs } from '#shared/retry/backoff.ts';

const MAX_ATTEMPTS = 8;
const BACKOFF = { baseMs: 50, capMs: 1000 };

/**
 * Calls `send` with `pending` until it returns nothing left to do. `verb` completes "some items were
 * not …" in the 503 `unavailable` thrown when some stay unprocessed after every try.
 */
export async function untilProcessed<T>(pending: T[], send: (pending: T[]) => Promise<T[]>, verb: string): Promise<void> {
  for (let attempt = 1; pending.length > 0; attempt++) {
    pending = await send(pending);
    if (pending.length === 0) return;
    if (attempt === MAX_ATTEMPTS)
      throw new AppError(
        'unavailable',
        `The table is busy; some items were not ${verb}. Retry the request`,
        { unprocessed: pending.length },
        {
          'retry-after': '1',
        },
      );
    await pause(fullJitterDelayMs(attempt, BACKOFF));
  }
}
