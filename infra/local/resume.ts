// Work a persisted twin accepted before a restart resumes at start. fauxqs keeps its queues in
// memory only (it has no persistence), so with --persist the table survives a restart (Ctrl-C or
// kill -9) but the messages of submissions still queued or scoring, and of webhook deliveries still
// pending, do not: the sweepers would find them only once STUCK_*_SECONDS had passed (5 minutes).
// At start, the twin runs each sweeper with `detail.stuck_before` = its start time, until a run finds
// nothing more: every item pending since before the start is enqueued again. Duplicates are harmless
// (the scoring worker's writes are conditional; a succeeded delivery is never repeated).
import type { Wiring } from '../wiring-types.ts';
import type { Invoker } from './invoker.ts';
import { scheduledEvent } from './scheduler.ts';

/** The schedules whose functions sweep work left pending, and what they re-enqueue. */
export const RESUMING_SCHEDULES: Readonly<Record<string, string>> = { sweepSubmissions: 'submissions', sweepDeliveries: 'webhook deliveries' };

/** A sweep run handles at most 100 items per shard; a backlog takes several runs. */
const MAX_RUNS = 1000;

export interface ResumeOptions {
  wiring: Wiring;
  invoker: Invoker;
  /** Everything pending since before this moment lost its queue message. */
  since: Date;
  /** Default: stderr. */
  log?: (line: string) => void;
}

/** Re-enqueues the work left pending before `since`; resolves with the count per schedule. A failing sweep is logged, not thrown. */
export async function resumePendingWork(options: ResumeOptions): Promise<Record<string, number>> {
  const { wiring, invoker, since } = options;
  const log = options.log ?? ((line) => void process.stderr.write(`[resume] ${line}\n`));
  const counts: Record<string, number> = {};
  await Promise.all(
    Object.entries(RESUMING_SCHEDULES)
      .filter(([name]) => wiring.schedules[name])
      .map(async ([name, what]) => {
        const fn = wiring.schedules[name]!.function;
        counts[name] = 0;
        try {
          for (let run = 0; run < MAX_RUNS; run++) {
            const event = { ...scheduledEvent(wiring, name), detail: { stuck_before: since.toISOString() } };
            const { requeued } = (await invoker.invoke(fn, event)) as { requeued?: unknown };
            if (typeof requeued !== 'number' || requeued === 0) break;
            counts[name] += requeued;
          }
          if (counts[name] > 0) log(`enqueued again the ${what} left pending before this start: ${counts[name]}`);
        } catch (error) {
          const { errorType, name: errorName, message } = error as Error & { errorType?: string };
          log(`${name}: ${fn} failed (${errorType ?? errorName}: ${message}); the every-minute sweep picks the work up after STUCK_*_SECONDS`);
        }
      }),
  );
  return counts;
}
