// The declared schedules (EventBridge rate rules in the stack), for the local twin: each schedule's
// function is invoked every rateMinutes with a "Scheduled Event", first one period after start (as
// a new rate rule fires). A run never overlaps the previous run of the same schedule: a tick that
// finds it still running is skipped. Failures are logged and the schedule carries on.
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { Wiring } from '../wiring-types.ts';
import { ACCOUNT_ID, REGION } from './aws-env.ts';
import type { Invoker } from './invoker.ts';

export interface SchedulerOptions {
  wiring: Wiring;
  invoker: Invoker;
  /** How much faster than real time the schedules run: 1 = real time, 60 = a minute per second. */
  clockScale?: number;
  /** Where failed runs are reported (default: stderr). */
  log?: (line: string) => void;
}

export interface Scheduler {
  /** Runs the schedule now (after its current run, if any); resolves with the function's result, rejects with its error. */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** A rule ARN for the schedule's local events (`<service>-<schedule>`; the stack lets CloudFormation name its rules). */
export const scheduleRuleArn = (wiring: Wiring, name: string) => `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${wiring.service}-${name}`;

export function scheduledEvent(wiring: Wiring, name: string, now = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [scheduleRuleArn(wiring, name)],
    detail: {},
  };
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { wiring, invoker } = options;
  const clockScale = options.clockScale ?? 1;
  if (!(clockScale > 0)) throw new Error(`clockScale must be positive, got ${clockScale}`);
  const log = options.log ?? ((line) => void process.stderr.write(`[schedule] ${line}\n`));
  let stopped = false;

  const schedules = new Map<string, { running?: Promise<unknown>; timer?: NodeJS.Timeout }>();

  const run = (name: string): Promise<unknown> => {
    const state = schedules.get(name)!;
    const fn = wiring.schedules[name]!.function;
    const running = invoker.invoke(fn, scheduledEvent(wiring, name)).finally(() => {
      if (state.running === running) state.running = undefined;
    });
    state.running = running;
    return running;
  };

  for (const [name, schedule] of Object.entries(wiring.schedules)) {
    const periodMs = (schedule.rateMinutes * 60_000) / clockScale;
    const state: { running?: Promise<unknown>; timer?: NodeJS.Timeout } = {};
    schedules.set(name, state);
    const started = Date.now();
    let ticks = 0;
    const arm = () => {
      // Aligned to the start, so the cadence does not drift by each run's duration.
      ticks += 1;
      state.timer = setTimeout(tick, Math.max(0, started + ticks * periodMs - Date.now()));
    };
    const tick = () => {
      if (stopped) return;
      if (state.running) log(`${name}: the previous run of ${schedule.function} is still going; this run is skipped`);
      else
        run(name).catch((error: Error & { errorType?: string }) =>
          log(`${name}: ${schedule.function} failed (${error.errorType ?? error.name}: ${error.message})`),
        );
      arm();
    };
    arm();
  }

  return {
    async runNow(name) {
      const state = schedules.get(name);
      if (!state) throw new Error(`Unknown schedule ${name}`);
      if (stopped) throw new Error('The scheduler is stopped');
      while (state.running) await state.running.catch(() => undefined);
      return run(name);
    },
    async stop() {
      stopped = true;
      for (const state of schedules.values()) clearTimeout(state.timer);
      await Promise.allSettled([...schedules.values()].map((s) => s.running));
    },
  };
}
