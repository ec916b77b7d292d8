// What BatchGetItem and BatchWriteItem hand back unprocessed (throttling) is sent again with capped,
// fully jittered exponential backoff; what is still left after the last try is a 503 the caller
// may retry.
import { setTimeout as pause } from 'node:timers/promises';
import { AppError } from '#shared/http/errors.ts';

const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

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
    // Full jitter: a random wait up to the capped exponential step.
    await pause(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
  }
}
