// The declared schedules run on a (scaled) clock with EventBridge's Scheduled Event, never overlap
// themselves, survive failures, and can be run on demand.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScheduledEvent } from 'aws-lambda';
import type { Wiring } from '#infra/wiring-types.ts';
import { createFunctionHost } from '#infra/local/function-host.ts';
import { FunctionError, type Invoker } from '#infra/local/invoker.ts';
import { startScheduler } from '#infra/local/scheduler.ts';

const wiring: Wiring = {
  service: 'scorecast',
  table: { partitionKey: 'PK', sortKey: 'SK', ttlAttribute: 'expires_at', indexes: {} },
  functions: {
    sweeper: { entry: 'test/fixtures/functions/sweeper.ts', description: 'sweeps', memoryMb: 128, timeoutSeconds: 5 },
    slowSweeper: { entry: 'test/fixtures/functions/sweeper.ts', description: 'sweeps slowly', memoryMb: 128, timeoutSeconds: 5 },
  },
  authorizer: { function: 'sweeper', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues: {},
  schedules: {
    stuckWork: { function: 'sweeper', rateMinutes: 1, description: 'every minute' },
    offlineAgents: { function: 'slowSweeper', rateMinutes: 5, description: 'every five minutes' },
  },
  settings: {},
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An in-process invoker that records every call. */
function recorder(behaviour: (fn: string) => Promise<unknown> = async () => 'ok') {
  const calls: { fn: string; event: ScheduledEvent; at: number }[] = [];
  const running = new Map<string, number>();
  const maxRunning = new Map<string, number>();
  const invoker: Invoker = {
    async invoke(fn, event) {
      calls.push({ fn, event: event as ScheduledEvent, at: Date.now() });
      running.set(fn, (running.get(fn) ?? 0) + 1);
      maxRunning.set(fn, Math.max(maxRunning.get(fn) ?? 0, running.get(fn)!));
      try {
        return await behaviour(fn);
      } finally {
        running.set(fn, running.get(fn)! - 1);
      }
    },
  };
  /** The most runs of one function that were ever in progress at once. */
  return { invoker, calls, maxRunning: (fn: string) => maxRunning.get(fn) ?? 0 };
}

describe('startScheduler', () => {
  it('invokes each schedule at its scaled rate with a Scheduled Event', async () => {
    const { invoker, calls } = recorder();
    const started = Date.now();
    // 600×: a one-minute rate every 100 ms, a five-minute rate every 500 ms.
    const scheduler = startScheduler({ wiring, invoker, clockScale: 600 });
    await sleep(560);
    await scheduler.stop();
    const every = calls.filter((c) => c.fn === 'sweeper');
    const slow = calls.filter((c) => c.fn === 'slowSweeper');
    expect(every.length).toBeGreaterThanOrEqual(4);
    expect(every.length).toBeLessThanOrEqual(5);
    expect(every[0]!.at - started).toBeGreaterThanOrEqual(95); // first run one period after start, as a new rate rule
    expect(slow.length).toBe(1);
    const event = every[0]!.event;
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/scorecast-stuckWork'],
      detail: {},
    });
    expect(new Set(every.map((c) => c.event.id)).size).toBe(every.length);
    await sleep(150);
    expect(calls.filter((c) => c.fn === 'sweeper').length).toBe(every.length); // nothing after stop()
  });

  it('never overlaps runs of one schedule, and a failing run is logged, not fatal', async () => {
    let n = 0;
    const { invoker, calls, maxRunning } = recorder(async (fn) => {
      if (fn !== 'sweeper') return 'ok';
      n += 1;
      await sleep(250);
      if (n === 1) throw new FunctionError('sweeper', 'SweepFailed', 'the sweep broke');
      return 'ok';
    });
    const logged: string[] = [];
    const scheduler = startScheduler({ wiring, invoker, clockScale: 600, log: (line) => logged.push(line) });
    await sleep(900);
    await scheduler.stop();
    const runs = calls.filter((c) => c.fn === 'sweeper');
    // Ticks at 100, 200, ... ms; each run takes 250 ms, so ticks during a run are skipped.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(maxRunning('sweeper')).toBe(1);
    expect(logged).toContain('stuckWork: sweeper failed (SweepFailed: the sweep broke)');
    expect(logged.some((l) => l.includes('still going; this run is skipped'))).toBe(true);
  });

  it('runNow runs a schedule at once and reports its result or error', async () => {
    const { invoker, calls } = recorder(async (fn) => {
      if (fn === 'slowSweeper') throw new FunctionError(fn, 'Boom', 'no');
      return { swept: 3 };
    });
    const scheduler = startScheduler({ wiring, invoker });
    try {
      await expect(scheduler.runNow('stuckWork')).resolves.toEqual({ swept: 3 });
      await expect(scheduler.runNow('offlineAgents')).rejects.toMatchObject({ errorType: 'Boom' });
      await expect(scheduler.runNow('nope')).rejects.toThrow(/Unknown schedule/);
      expect(calls.map((c) => c.fn)).toEqual(['sweeper', 'slowSweeper']);
    } finally {
      await scheduler.stop();
    }
  });

  it('runs a bundled function through the function host', async () => {
    const bundleDir = await mkdtemp(path.join(tmpdir(), 'scorecast-bundles-'));
    const lines: string[] = [];
    const host = createFunctionHost({ wiring, bundleDir, environment: () => ({}), onLog: (_fn, line) => lines.push(line) });
    const scheduler = startScheduler({ wiring, invoker: host, clockScale: 600 });
    try {
      await host.prepare(['sweeper']);
      const result = (await scheduler.runNow('stuckWork')) as { runs: number; event: ScheduledEvent; functionName: string };
      expect(result.functionName).toBe('sweeper');
      expect(result.event['detail-type']).toBe('Scheduled Event');
      await expect.poll(() => lines.filter((l) => l.startsWith('sweep ')).length, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await scheduler.stop();
      await host.stop();
      await rm(bundleDir, { recursive: true, force: true });
    }
  });
});
