// Integration events as a new user meets them on the twin (default settings: seed 002's retries):
// seed 002's curl example accepted with priority critical, validation, dedup_key and
// Idempotency-Key, list and get with every attempt; and deliveries to real loopback receivers —
// signed (verified with the reference `standardwebhooks` library), 500 twice then the third attempt
// with the same webhook-id, one attempt for a 400, and a scored submission as `submission.scored`;
// and an accepted event live on the tenant's `events` WebSocket channel (a real `ws` client).
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../support/dashboard.ts';
import { tenantTwin } from '../support/tenant-twin.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { callApi, until } from '../support/twin-api.ts';

// This process's twin, shared with the other tenant files (test/support/tenant-twin.ts); tenants events-* are this file's.
const on = tenantTwin('events');
let receiver: Receiver;
let tenantCount = 0;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
type Json = any;
const token = (tenant: string, role: string) => on.twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
/** A fresh tenant per test: its endpoints see only its own events. */
const newTenant = () => `events-${++tenantCount}`;

const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(on.twin.httpUrl, method, path, credential, body, headers);

/** A real WebSocket client subscribed to its tenant's `events` channel, keeping every update on it. */
async function watchEvents(credential: string) {
  const dashboard = await Dashboard.open(on.twin.wsUrl, credential);
  const { ack, snapshot } = await dashboard.subscribe('events', 'sub-events');
  expect(ack).toMatchObject({ type: 'ack', channel: 'events' });
  const updates = () => dashboard.updates('events');
  return {
    snapshot,
    updates,
    /** The update carrying this event, once it arrives. */
    updateOf: (eventId: string) => until(() => updates().find((m) => m.data?.event_id === eventId), `the update of ${eventId}`, 15_000),
    close: () => dashboard.close(),
  };
}

/** Seed 002's README example, unchanged. */
const seedEvent = {
  source: 'monitoring-system',
  event_type: 'server_down',
  severity: 'critical',
  message: 'Production server is not responding',
  metadata: { server_id: 'prod-web-01', region: 'us-east-1' },
};

async function register(tenant: string, path: string, extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/v1/webhooks', token(tenant, 'maintainer'), { url: receiver.url(path), ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json as { webhook_id: string; secret: string };
}

const deliveryOf = (tenant: string, eventId: string, settled: (d: Json) => boolean) =>
  until(async () => {
    const { json } = await api('GET', `/v1/integrations/events/${eventId}`, token(tenant, 'viewer'));
    const delivery = json?.deliveries?.[0];
    return delivery && settled(delivery) ? delivery : undefined;
  }, `the delivery of ${eventId}`);

describe('intake', () => {
  it('accepts seed 002’s curl example with priority critical, persisted before the 202', async () => {
    const tenant = newTenant();
    const res = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), seedEvent, { 'x-correlation-id': 'corr-seed' });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({
      status: 'accepted',
      event_id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      correlation_id: 'corr-seed',
      priority: 'critical',
      dedup_key: null,
      deduplicated: false,
    });
    expect(res.headers.get('x-correlation-id')).toBe('corr-seed');
    const stored = await api('GET', `/v1/integrations/events/${res.json.event_id}`, token(tenant, 'viewer'));
    expect(stored.json).toMatchObject({
      ...seedEvent,
      event_id: res.json.event_id,
      kind: 'integration',
      priority: 'critical',
      correlation_id: 'corr-seed',
      created_by: `${tenant}-maintainer`,
      deliveries: [],
    });
  });

  it('maps severity to priority case-insensitively (seed 002’s table) and generates a correlation id', async () => {
    const tenant = newTenant();
    const cases = [
      ['FATAL', 'critical'],
      ['Error', 'high'],
      ['warn', 'medium'],
      ['WARNING', 'medium'],
      ['info', 'low'],
      ['whatever', 'low'],
    ];
    for (const [severity, priority] of cases) {
      const res = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), { ...seedEvent, severity });
      expect(res.json.priority, severity).toBe(priority);
      expect(res.json.correlation_id).toBe(res.headers.get('x-correlation-id'));
    }
  });

  it('refuses invalid events with clear errors', async () => {
    const tenant = newTenant();
    const post = (body: unknown) => api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), body);
    const missing = await post({ source: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('validation_failed');
    expect(missing.json.error.details.map((d: Json) => d.path).sort()).toEqual(['event_type', 'message', 'severity']);
    expect((await post({ ...seedEvent, metadata: 'not an object' })).json.error.details[0].path).toBe('metadata');
    expect((await post({ ...seedEvent, event_type: 'server down!' })).json.error.details[0].path).toBe('event_type');
    expect((await post({ ...seedEvent, extra: 1 })).status).toBe(400);
    const spoof = await post({ ...seedEvent, event_type: 'submission.scored' });
    expect(spoof.status).toBe(400);
    expect(spoof.json.error.details[0]).toMatchObject({ path: 'event_type', message: expect.stringContaining('submission.') });
    const notJson = await fetch(`${on.twin.httpUrl}/v1/integrations/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(tenant, 'maintainer')}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notJson.status).toBe(415);
  });

  it('is for maintainers and agents; viewers read', async () => {
    const tenant = newTenant();
    expect((await api('POST', '/v1/integrations/events', token(tenant, 'viewer'), seedEvent)).status).toBe(403);
    const agent = await api('POST', '/v1/agents', token(tenant, 'maintainer'), { name: 'reporter' });
    const byAgent = await api('POST', '/v1/integrations/events', agent.json.api_key, seedEvent);
    expect(byAgent.status, byAgent.text).toBe(202);
    expect((await api('GET', `/v1/integrations/events/${byAgent.json.event_id}`, agent.json.api_key)).status).toBe(403);
    expect((await api('GET', `/v1/integrations/events/${byAgent.json.event_id}`, token('someone-else', 'admin'))).status).toBe(404);
  });

  it('answers the first event for the same dedup_key within 24 h', async () => {
    const tenant = newTenant();
    const post = (dedup_key: string, message: string) =>
      api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), { ...seedEvent, message, dedup_key });
    const first = await post('prod-web-01/down', 'first');
    const again = await post('prod-web-01/down', 'second');
    const other = await post('prod-web-02/down', 'third');
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({
      event_id: first.json.event_id,
      correlation_id: first.json.correlation_id,
      deduplicated: true,
      dedup_key: 'prod-web-01/down',
    });
    expect(other.json.event_id).not.toBe(first.json.event_id);
    const list = await api('GET', '/v1/integrations/events', token(tenant, 'viewer'));
    expect(list.json.items.map((e: Json) => e.message)).toEqual(['third', 'first']);
  });

  it('honours Idempotency-Key and lists newest first, page by page', async () => {
    const tenant = newTenant();
    const post = (message: string, key?: string) =>
      api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), { ...seedEvent, message }, key ? { 'idempotency-key': key } : {});
    const a = await post('a', 'k-1');
    const replay = await post('a', 'k-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.event_id).toBe(a.json.event_id);
    expect((await post('changed', 'k-1')).status).toBe(409);
    await post('b');
    await post('c');
    const page = await api('GET', '/v1/integrations/events?limit=2', token(tenant, 'viewer'));
    expect(page.json.items.map((e: Json) => e.message)).toEqual(['c', 'b']);
    const rest = await api('GET', `/v1/integrations/events?limit=2&cursor=${page.json.next_cursor}`, token(tenant, 'viewer'));
    expect(rest.json.items.map((e: Json) => e.message)).toEqual(['a']);
    const audit = await api('GET', '/v1/audit?action=event.create', token(tenant, 'admin'));
    expect(audit.json.items.length).toBeGreaterThanOrEqual(3);
  });
});

describe('real time', () => {
  it('broadcasts an accepted event once on the tenant’s events channel, not a deduplicated one, not to another tenant', async () => {
    const [tenant, other] = [newTenant(), newTenant()];
    const viewer = await watchEvents(token(tenant, 'viewer'));
    const outsider = await watchEvents(token(other, 'viewer'));
    expect(viewer.snapshot.data).toEqual({ recent: [] });
    const post = (t: string, message: string, dedup_key?: string) =>
      api(
        'POST',
        '/v1/integrations/events',
        token(t, 'maintainer'),
        { ...seedEvent, message, ...(dedup_key ? { dedup_key } : {}) },
        { 'x-correlation-id': `corr-${message}` },
      );

    const first = await post(tenant, 'first', 'prod-web-01/down');
    expect(first.status, first.text).toBe(202);
    const update = await viewer.updateOf(first.json.event_id);
    const [listed] = (await api('GET', '/v1/integrations/events', token(tenant, 'viewer'))).json.items;
    // The event as the events API shows it, with the channel's kind and the event's type.
    expect(update).toMatchObject({ type: 'update', channel: 'events', seq: expect.any(Number), correlation_id: 'corr-first' });
    expect(update.data).toEqual({ ...listed, kind: 'event', type: 'server_down' });
    expect(update.data).toMatchObject({
      event_id: first.json.event_id,
      event_type: 'server_down',
      source: 'monitoring-system',
      severity: 'critical',
      priority: 'critical',
      message: 'first',
      metadata: seedEvent.metadata,
      dedup_key: 'prod-web-01/down',
      received_at: expect.any(String),
    });

    // The same dedup_key answers the first event and broadcasts nothing: the next update is the next event.
    expect((await post(tenant, 'again', 'prod-web-01/down')).json).toMatchObject({ event_id: first.json.event_id, deduplicated: true });
    const second = await post(tenant, 'second');
    const next = await viewer.updateOf(second.json.event_id);
    expect(next).toMatchObject({ seq: update.seq + 1, data: { kind: 'event', type: 'server_down', message: 'second' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(viewer.updates().map((m) => m.data.event_id)).toEqual([first.json.event_id, second.json.event_id]);

    // The other tenant's watcher saw none of it, only its own tenant's event.
    const own = await post(other, 'elsewhere');
    await outsider.updateOf(own.json.event_id);
    expect(outsider.updates().map((m) => m.data.event_id)).toEqual([own.json.event_id]);
    expect(viewer.updates()).toHaveLength(2);
    await Promise.all([viewer.close(), outsider.close()]);
  });
});

describe('deliveries', () => {
  it('reach a registered local receiver signed, verifiable with the standardwebhooks library', async () => {
    const tenant = newTenant();
    const hook = await register(tenant, '/signed');
    expect(hook.secret).toMatch(/^whsec_/);
    const res = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), seedEvent, { 'x-correlation-id': 'corr-signed' });
    const [request] = await receiver.waitFor('/signed', 1);
    const payload = new StandardWebhook(hook.secret).verify(request!.body, request!.headers as Record<string, string>) as Json;
    expect(payload).toEqual({
      type: 'server_down',
      timestamp: expect.any(String),
      data: {
        event_id: res.json.event_id,
        source: 'monitoring-system',
        event_type: 'server_down',
        severity: 'critical',
        priority: 'critical',
        message: seedEvent.message,
        metadata: seedEvent.metadata,
        correlation_id: 'corr-signed',
      },
    });
    expect(request!.headers['webhook-id']).toBe(res.json.event_id);
    expect(request!.headers['x-correlation-id']).toBe('corr-signed');
    expect(request!.headers['content-type']).toBe('application/json');
    const delivery = await deliveryOf(tenant, res.json.event_id, (d) => d.status === 'succeeded');
    expect(delivery).toMatchObject({
      webhook_id: hook.webhook_id,
      attempt_count: 1,
      attempts: [{ number: 1, status_code: 200, outcome: 'succeeded', error: null }],
    });
    expect(delivery.attempts[0].latency_ms).toEqual(expect.any(Number));
  });

  it('retry a receiver answering 500 twice: the third attempt, same webhook-id, after 500 ms and 1 s', async () => {
    const tenant = newTenant();
    receiver.answer('/flaky', [500, 500]);
    const hook = await register(tenant, '/flaky');
    const res = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), seedEvent);
    const requests = await receiver.waitFor('/flaky', 3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([res.json.event_id]));
    for (const request of requests)
      expect(() => new StandardWebhook(hook.secret).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(450);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(950);
    const delivery = await deliveryOf(tenant, res.json.event_id, (d) => d.status === 'succeeded');
    expect(delivery.attempts.map((a: Json) => [a.number, a.status_code, a.outcome])).toEqual([
      [1, 500, 'retryable'],
      [2, 500, 'retryable'],
      [3, 200, 'succeeded'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.on('/flaky')).toHaveLength(3);
  });

  it('make exactly one attempt at a receiver answering 400', async () => {
    const tenant = newTenant();
    receiver.answer('/refuses', [], 400);
    await register(tenant, '/refuses');
    const res = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), seedEvent);
    await receiver.waitFor('/refuses', 1);
    const delivery = await deliveryOf(tenant, res.json.event_id, (d) => d.status === 'failed');
    expect(delivery).toMatchObject({ attempt_count: 1, last_error: 'HTTP 400', attempts: [{ status_code: 400, outcome: 'failed' }] });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(receiver.on('/refuses')).toHaveLength(1);
  });

  it('go only to endpoints whose event types and minimum priority match', async () => {
    const tenant = newTenant();
    await register(tenant, '/only-deploys', { event_types: ['deploy.*'] });
    await register(tenant, '/only-high', { min_priority: 'high' });
    const post = (event_type: string, severity: string) =>
      api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), { ...seedEvent, event_type, severity });
    await post('deploy.failed', 'info');
    await post('server_down', 'warning');
    await post('server_down', 'fatal');
    await receiver.waitFor('/only-deploys', 1);
    await receiver.waitFor('/only-high', 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on('/only-deploys').map((r) => JSON.parse(r.body).type)).toEqual(['deploy.failed']);
    expect(receiver.on('/only-high').map((r) => JSON.parse(r.body).data.priority)).toEqual(['critical']);
  });

  it('bring a scored submission to a subscribed endpoint as submission.scored', async () => {
    const tenant = newTenant();
    const hook = await register(tenant, '/scores', { event_types: ['submission.*'] });
    const maintainer = token(tenant, 'maintainer');
    const benchmark = await api('POST', '/v1/benchmarks', maintainer, {
      name: 'webhooked',
      tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
    });
    const agent = await api('POST', '/v1/agents', maintainer, { name: 'scored-agent' });
    const submission = await api(
      'POST',
      `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`,
      agent.json.api_key,
      {
        answers: [{ task_id: 't1', output: 'a' }],
      },
      { 'x-correlation-id': 'corr-submission' },
    );
    expect(submission.status, submission.text).toBe(202);
    const [request] = await receiver.waitFor('/scores', 1);
    const payload = new StandardWebhook(hook.secret).verify(request!.body, request!.headers as Record<string, string>) as Json;
    expect(payload).toMatchObject({
      type: 'submission.scored',
      data: {
        submission_id: submission.json.submission_id,
        benchmark_id: benchmark.json.benchmark_id,
        agent_id: agent.json.agent_id,
        status: 'scored',
        score: 1,
        priority: 'low',
        correlation_id: 'corr-submission',
      },
    });
    expect(request!.headers['x-correlation-id']).toBe('corr-submission');
    // Platform events are listed with the integration events.
    const list = await api('GET', '/v1/integrations/events', token(tenant, 'viewer'));
    expect(list.json.items[0]).toMatchObject({
      kind: 'platform',
      event_type: 'submission.scored',
      source: 'scorecast',
      event_id: payload.data.event_id,
    });
  });
});
