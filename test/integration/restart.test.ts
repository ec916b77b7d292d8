// A persisted twin restarted with accepted work still pending. Its queues live in memory (fauxqs
// keeps none), so the first twin here consumes every scoring and delivery message without acting
// on it (test/fixtures/functions/message-sink.ts): its submissions stay queued and its deliveries
// pending with no message anywhere, as after a kill -9 or a Ctrl-C mid-burst. The second twin, on
// the same state directory, must score and deliver all of it at start — before, it waited for the
// every-minute sweep's 5-minute stuck age. Also here, as the first twin builds its bundles afresh:
// no esbuild service process outlives the build; and the second twin keeps serving after an
// exception inside its embedded DynamoDB.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { postDeepPutItem } from '../support/deep-item.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { callApi, until, type Json } from '../support/twin-api.ts';

const SINK = 'test/fixtures/functions/message-sink.ts';
/** The wiring with generous timeouts: a cold start on a loaded machine must not turn calls into 500s and 503s. */
const patient = (declared: Wiring, entries: Record<string, string> = {}): Wiring => ({
  ...declared,
  functions: Object.fromEntries(
    Object.entries(declared.functions).map(([name, fn]) => [
      name,
      { ...fn, entry: entries[name] ?? fn.entry, timeoutSeconds: Math.max(fn.timeoutSeconds, 60) },
    ]),
  ),
});
const sinkWiring = patient(wiring, { [wiring.queues.scoring!.consumer]: SINK, [wiring.queues.delivery!.consumer]: SINK });
const declaredWiring = patient(wiring);
const TENANT = 'restart';
const BURST = 12;
const settings = { RATE_LIMIT_WRITE_PER_MINUTE: '1000000' };
const tasks = [{ task_id: 'capital', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } }];

/** Processes below this one whose command line is esbuild's long-lived service (`esbuild --service=…`). */
function esbuildServices(): string[] {
  const parentOf = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const pid of readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commands.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      // exited meanwhile
    }
  }
  const below = (pid: number) => {
    for (let parent = parentOf.get(pid); parent !== undefined && parent > 1; parent = parentOf.get(parent)) if (parent === process.pid) return true;
    return false;
  };
  return [...commands]
    .filter(([pid, command]) => below(pid) && /esbuild/.test(command) && /--service/.test(command))
    .map(([pid, command]) => `${pid} ${command}`);
}

const stateDir = mkdtempSync(join(tmpdir(), 'scorecast-restart-'));
let receiver: Receiver;
let twin: Twin | undefined;
const submissionIds: string[] = [];
let eventId = '';

const api = (method: string, path: string, credential: string, body?: unknown) => callApi(twin!.httpUrl, method, path, credential, body);
const token = (role: string) => twin!.issuer.mint({ tenant: TENANT, roles: [role], sub: `${TENANT}-${role}` });

beforeAll(async () => {
  receiver = await startReceiver();
}, 10_000);
afterAll(async () => {
  await twin?.stop();
  await receiver?.close();
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe('a persisted twin restarted with work pending', () => {
  it('starts from a fresh bundle build and leaves no esbuild service process running', async () => {
    const saved = process.env.SCORECAST_NO_BUNDLE_CACHE;
    process.env.SCORECAST_NO_BUNDLE_CACHE = '1';
    try {
      twin = await startTwin({ wiring: sinkWiring, stateDir, persist: true, settings, onLog: () => undefined });
    } finally {
      if (saved === undefined) delete process.env.SCORECAST_NO_BUNDLE_CACHE;
      else process.env.SCORECAST_NO_BUNDLE_CACHE = saved;
    }
    // stop() ends the service with a signal: give the process a moment to go (not a timing assertion).
    const left = await until(() => (esbuildServices().length === 0 ? [] : undefined), 'the esbuild service to exit', 5_000).catch(() =>
      esbuildServices(),
    );
    expect(left).toEqual([]);
  }, 600_000);

  it('accepts a burst of submissions and an event for a webhook, then stops with all of it pending', async () => {
    expect(twin).toBeDefined();
    const maintainer = token('maintainer');
    const bench = await api('POST', '/v1/benchmarks', maintainer, { name: 'Restart', tasks, daily_submission_limit: 1000 });
    expect(bench.status, bench.text).toBe(201);
    const agent = await api('POST', '/v1/agents', maintainer, { name: 'restarted' });
    expect(agent.status, agent.text).toBe(201);
    // One after another: a cold start per concurrent call would only slow a loaded machine down.
    for (let i = 0; i < BURST; i++) {
      const accepted = await api('POST', `/v1/benchmarks/${bench.json.benchmark_id}/submissions`, agent.json.api_key, {
        answers: [{ task_id: 'capital', output: 'paris' }],
      });
      expect(accepted.status, accepted.text).toBe(202);
      submissionIds.push(accepted.json.submission_id as string);
    }

    const hook = await api('POST', '/v1/webhooks', maintainer, { url: receiver.url('/restart') });
    expect(hook.status, hook.text).toBe(201);
    const event = await api('POST', '/v1/integrations/events', maintainer, {
      source: 'ci',
      event_type: 'deploy.failed',
      severity: 'error',
      message: 'before the restart',
      metadata: {},
    });
    expect(event.status, event.text).toBe(202);
    eventId = event.json.event_id;

    // The sink has taken the messages: nothing will move until something enqueues them again.
    await until(async () => {
      const { json } = await api('GET', `/v1/integrations/events/${eventId}`, token('viewer'));
      return json.deliveries?.length === 1 ? true : undefined;
    }, 'the delivery to be created');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const id of submissionIds) expect((await api('GET', `/v1/submissions/${id}`, token('viewer'))).json.status).toBe('queued');
    expect((await api('GET', `/v1/integrations/events/${eventId}`, token('viewer'))).json.deliveries[0].status).toBe('pending');
  }, 120_000);

  it('scores every submission and sends the delivery after a start on the same state directory', async () => {
    await twin?.stop(); // the first one
    expect(submissionIds).toHaveLength(BURST); // the burst was accepted, and the first twin stopped
    twin = await startTwin({ wiring: declaredWiring, stateDir, persist: true, settings, onLog: () => undefined });
    const viewer = token('viewer');
    // Generous: the every-minute sweep would take at least its 5-minute stuck age (STUCK_*_SECONDS).
    const statuses = await until(
      async () => {
        const all = await Promise.all(submissionIds.map(async (id) => (await api('GET', `/v1/submissions/${id}`, viewer)).json.status as string));
        return all.every((status) => status === 'scored') ? all : undefined;
      },
      'every submission to be scored',
      60_000,
    );
    expect(statuses).toHaveLength(BURST);
    const [request] = await receiver.waitFor('/restart', 1);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'deploy.failed', data: { event_id: eventId } });
    const delivery = await until(async () => {
      const { json } = await api('GET', `/v1/integrations/events/${eventId}`, viewer);
      return json.deliveries?.[0]?.status === 'succeeded' ? (json.deliveries[0] as Json) : undefined;
    }, 'the delivery to succeed');
    expect(delivery.attempt_count).toBe(1);
  }, 600_000);

  it('keeps serving after an exception inside its embedded DynamoDB', async () => {
    const response = await postDeepPutItem(twin!.engines.dynamodbEndpoint, twin!.engines.tableName, 20_000);
    expect(response.status).toBe(500);
    expect(((await response.json()) as { __type: string }).__type).toBe('com.amazonaws.dynamodb.v20120810#InternalServerError');
    const list = await api('GET', '/v1/agents', token('viewer'));
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((a: Json) => a.name)).toContain('restarted');
  });
});
