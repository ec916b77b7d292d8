// A queue's contract: the declared queue it travels on and the schema of its messages. Each queue
// module (scoring.ts, broadcast.ts, delivery.ts, monitoring.ts) owns one; the worker plumbing
// (worker.ts) checks every message against it before the handler runs, and one that fails goes
// straight to the queue's DLQ with the reason (refusal.ts) instead of being retried. The schema is
// built on first use: the functions that only send (HTTP routes publishing updates) never build it.
import type { ZodMiniType } from 'zod/mini';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface QueueContract<T> {
  /** The declared queue (infra/wiring.ts `queues`). */
  queue: string;
  /** Built on first read. */
  readonly schema: ZodMiniType<T>;
  /** The message a parsed JSON body holds, or why it is not one. */
  parse(body: unknown): Parsed<T>;
}

/** Longest validation reason kept: it travels as a message attribute and a dead letter's last error. */
const MAX_REASON_LENGTH = 1000;

export function queueContract<T>(queue: string, buildSchema: () => ZodMiniType<T>): QueueContract<T> {
  let built: ZodMiniType<T> | undefined;
  const schema = () => (built ??= buildSchema());
  return {
    queue,
    get schema() {
      return schema();
    },
    parse(body) {
      const result = schema().safeParse(body);
      if (result.success) return { ok: true, value: result.data };
      const issues = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`);
      return { ok: false, error: `Not a ${queue} message: ${issues.join('; ')}`.slice(0, MAX_REASON_LENGTH) };
    },
  };
}
