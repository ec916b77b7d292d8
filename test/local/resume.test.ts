// At the start of a persisted twin, each declared sweeper runs with the start time as its cut-off
// until a run finds nothing more; a failing sweeper is logged and does not stop the start.
import { describe, expect, it } from 'vitest';
import type { ScheduledEvent } from 'aws-lambda';
import type { Wiring } from '#infra/wiring-types.ts';
import { FunctionError, type Invoker } from '#infra/local/invoker.ts';
import { resumePendingWork } from '#infra/local/resume.ts';

const fn = { entry: 'unused.ts', description: 'd', memoryMb: 128, timeoutSeconds: 5 };
const wiring: Wiring = {
  service: 'scorecast',
  table: { partitionKey: 'PK', sortKey: 'SK', ttlAttribute: 'expires_at', indexes: {} },
  functions: { sweepSubmissionsFn: fn, sweepDeliveriesFn: fn, reconcile: fn },
  authorizer: { function: 'reconcile', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues: {},
  schedules: {
    sweepSubmissions: { function: 'sweepSubmissionsFn', rateMinutes: 1, description: 'sweep' },
    sweepDeliveries: { function: 'sweepDeliveriesFn', rateMinutes: 1, description: 'sweep' },
    monitoringReconcile: { function: 'reconcile', rateMinutes: 1, description: 'not a sweeper' },
  },
  settings: {},
};

/** Answers each function's runs with the given `requeued` counts in turn (0 once they run out). */
function sweepers(answers: Record<string, (number | Error)[]>) {
  const calls: { fn: string; event: ScheduledEvent<{ stuck_before?: string }> }[] = [];
  const invoker: Invoker = {
    async invoke(name, event) {
      calls.push({ fn: name, event: event as ScheduledEvent<{ stuck_before?: string }> });
      const next = answers[name]?.shift() ?? 0;
      if (next instanceof Error) throw next;
      return { requeued: next };
    },
  };
  return { invoker, calls };
}

describe('resumePendingWork', () => {
  const since = new Date('2026-12-04T10:00:00.000Z');

  it('runs each sweeper with the start as its cut-off until a run finds nothing, and counts what was enqueued again', async () => {
    const { invoker, calls } = sweepers({ sweepSubmissionsFn: [100, 100, 37], sweepDeliveriesFn: [] });
    const lines: string[] = [];
    const counts = await resumePendingWork({ wiring, invoker, since, log: (line) => void lines.push(line) });

    expect(counts).toEqual({ sweepSubmissions: 237, sweepDeliveries: 0 });
    expect(calls.filter((c) => c.fn === 'sweepSubmissionsFn')).toHaveLength(4);
    expect(calls.filter((c) => c.fn === 'sweepDeliveriesFn')).toHaveLength(1);
    expect(calls.some((c) => c.fn === 'reconcile')).toBe(false);
    for (const { event } of calls) {
      expect(event['detail-type']).toBe('Scheduled Event');
      expect(event.detail).toEqual({ stuck_before: '2026-12-04T10:00:00.000Z' });
    }
    expect(lines).toEqual(['enqueued again the submissions left pending before this start: 237']);
  });

  it('logs a failing sweeper and resolves', async () => {
    const failure = new FunctionError('sweepSubmissionsFn', 'ResourceNotFoundException', 'table not found');
    const { invoker } = sweepers({ sweepSubmissionsFn: [5, failure], sweepDeliveriesFn: [2] });
    const lines: string[] = [];
    const counts = await resumePendingWork({ wiring, invoker, since, log: (line) => void lines.push(line) });
    expect(counts).toEqual({ sweepSubmissions: 5, sweepDeliveries: 2 });
    expect(lines.sort()).toEqual([
      'enqueued again the webhook deliveries left pending before this start: 2',
      expect.stringMatching(/^sweepSubmissions: sweepSubmissionsFn failed \(ResourceNotFoundException: table not found\)/),
    ]);
  });

  it('does nothing for a wiring without the sweepers', async () => {
    const { invoker, calls } = sweepers({});
    expect(await resumePendingWork({ wiring: { ...wiring, schedules: {} }, invoker, since, log: () => undefined })).toEqual({});
    expect(calls).toEqual([]);
  });
});
