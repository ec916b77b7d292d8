// Redrive: every record of the tenant's queue not sent back yet goes back to its source queue,
// after the queue's "before redrive" step (scoring: failed → queued), and is marked redriven — it
// stays listed with `redriven_at` (then expires after 30 days) so the history remains readable.
//
// Order: prepare, send, mark. A crash in between leaves the record pending, so the next redrive
// sends it again; consumers are idempotent, so a duplicate costs nothing and nothing is lost.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, validationFailed } from '#shared/http/errors.ts';
import { markRedriven, pendingDeadLetters } from '#shared/store/dead-letters.ts';
import type { DeadLetter } from './dead-letter.ts';
import { handlerOf } from './handlers.ts';
import { isSourceQueue, sendBack } from './send-back.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';

/** Messages sent side by side. */
const CONCURRENCY = 10;
/**
 * Stop starting new ones after this long: API Gateway gives an integration 30 s. A larger backlog
 * takes more than one call (repeat until `redriven` is 0).
 */
const TIME_BUDGET_MS = 20_000;

export async function redriveDeadLetters(actor: Principal, queue: string, now = () => new Date()): Promise<number> {
  if (!isSourceQueue(queue))
    throw validationFailed(`${queue} is not a declared queue`, [{ location: 'path', path: 'queue', message: 'unknown queue' }]);
  const handler = handlerOf(queue);
  const deadline = Date.now() + TIME_BUDGET_MS;
  let redriven = 0;
  let failed = 0;

  const redriveOne = async (letter: DeadLetter & { tenantId: string }) => {
    await handler?.beforeRedrive(letter, now());
    await sendBack(letter);
    if (await markRedriven(letter, now())) redriven++;
  };

  pages: for await (const page of pendingDeadLetters(actor.tenantId, queue)) {
    for (let i = 0; i < page.length; i += CONCURRENCY) {
      if (Date.now() > deadline) {
        (await loadLogger()).warn('Redrive stopped at its time budget; the rest stays pending', { queue, redriven });
        break pages;
      }
      const results = await Promise.allSettled(page.slice(i, i + CONCURRENCY).map((letter) => redriveOne({ ...letter, tenantId: actor.tenantId })));
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        failed++;
        (await loadLogger()).error('A dead letter could not be redriven; it stays pending', result.reason as Error);
      }
    }
  }
  if (failed > 0)
    throw new AppError('unavailable', `${redriven} redriven; ${failed} could not be sent back and stay pending: retry the redrive`, {
      redriven,
      failed,
    });
  return redriven;
}
