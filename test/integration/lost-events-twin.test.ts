// No lost events on the twin: the scoring worker really dies (its container exits) right after it
// writes the score, and on the redelivered request the event write fails once; a webhook receiver
// still gets submission.scored, every POST with one webhook-id, and the tenant lists one such event.
// The faults are armed by SCORECAST_TEST_FAULTS (shared/events/test-faults.ts), declared for the
// scoring worker by this test's wiring only; the scoring queue's visibility is shortened to 2 s.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text } from '#shared/config/setting-types.ts';
import { wiring } from '#infra/wiring.ts';
import type { FunctionDecl, Wiring } from '#infra/wiring-types.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { callApi } from '../support/twin-api.ts';

const faultDir = mkdtempSync(join(tmpdir(), 'scorecast-faults-'));
const testWiring: Wiring = {
  ...wiring,
  functions: {
    ...wiring.functions,
    scoringWorker: {
      ...wiring.functions.scoringWorker!,
      settings: [...((wiring.functions.scoringWorker as FunctionDecl).settings ?? []), 'SCORECAST_TEST_FAULTS'],
    },
  },
  queues: { ...wiring.queues, scoring: { ...wiring.queues.scoring!, visibilityTimeoutSeconds: 2 } },
  settings: { ...wiring.settings, SCORECAST_TEST_FAULTS: { description: 'test only: faults to inject once', default: 'off', type: text } },
};

let twin: Twin;
let receiver: Receiver;

beforeAll(async () => {
  [twin, receiver] = await Promise.all([
    startTwin({
      wiring: testWiring,
      stateDir: mkdtempSync(join(tmpdir(), 'scorecast-lost-events-')),
      settings: { SCORECAST_TEST_FAULTS: `${faultDir}|crash-after-scored,event-write` },
      onLog: (fn, line) => void (process.env.TWIN_LOGS && console.log(fn, line)),
    }),
    startReceiver(),
  ]);
});
afterAll(async () => {
  await receiver?.close();
  await twin?.stop();
});

const token = (tenant: string, role: string) => twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);

describe('submission.scored on the twin', () => {
  it('arrives after the scoring worker died right after the score write and the event write then failed once', async () => {
    const tenant = 'lost-events-twin';
    const maintainer = token(tenant, 'maintainer');
    const hook = await api('POST', '/v1/webhooks', maintainer, { url: receiver.url('/scores'), event_types: ['submission.*'] });
    expect(hook.status, hook.text).toBe(201);
    const benchmark = await api('POST', '/v1/benchmarks', maintainer, {
      name: 'faulty',
      tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
    });
    const agent = await api('POST', '/v1/agents', maintainer, { name: 'survivor' });
    const submission = await api('POST', `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`, agent.json.api_key, {
      answers: [{ task_id: 't1', output: 'a' }],
    });
    expect(submission.status, submission.text).toBe(202);

    const [request] = await receiver.waitFor('/scores', 1, 60_000);
    const payload = new StandardWebhook(hook.json.secret).verify(request!.body, request!.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload).toMatchObject({ type: 'submission.scored', data: { submission_id: submission.json.submission_id, score: 1 } });
    // Both faults fired (each once).
    expect(existsSync(join(faultDir, 'crash-after-scored'))).toBe(true);
    expect(existsSync(join(faultDir, 'event-write'))).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 3000)); // a repeat would have come by now
    const posts = receiver.on('/scores');
    expect(new Set(posts.map((post) => post.headers['webhook-id']))).toEqual(new Set([payload.data.event_id]));
    const list = await api('GET', '/v1/integrations/events', token(tenant, 'viewer'));
    expect(list.json.items.filter((event: { event_type: string }) => event.event_type === 'submission.scored')).toHaveLength(1);
  });
});
