// Webhook endpoints on the twin: registration (secret shown once; metadata, private and plain-http
// URLs refused), secret rotation with both signatures during the overlap, test events, delivery
// history, a receiver that is down (→ DLQ → dead-letter listing → redrive delivers it once it is
// back), auto-disable after failed events in a row (webhook.disabled) and the replay of what it
// missed on re-enable. The delivery queue is shortened (1-s visibility, 2 receives) and so are the
// retry waits, so every path runs in seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { startLocalReceiver } from '#infra/local/receiver.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { callApi, until } from '../support/twin-api.ts';

const testWiring: Wiring = {
  ...wiring,
  // Redeliveries and the move to the DLQ in seconds (the stack's 6x rule does not bind a test queue).
  queues: { ...wiring.queues, delivery: { ...wiring.queues.delivery, visibilityTimeoutSeconds: 3, maxReceiveCount: 2 } },
};

let twin: Twin;
let receiver: Receiver;
let tenantCount = 0;

beforeAll(async () => {
  [twin, receiver] = await Promise.all([
    startTwin({
      wiring: testWiring,
      stateDir: mkdtempSync(join(tmpdir(), 'scorecast-webhooks-')),
      settings: {
        WEBHOOK_RETRY_DELAYS_MS: '50,100,200',
        WEBHOOK_RETRY_SCHEDULE_SECONDS: '1',
        WEBHOOK_DISABLE_AFTER_FAILURES: '3',
      },
      onLog: (fn, line) => void (process.env.TWIN_LOGS && console.log(fn, line)),
    }),
    startReceiver(),
  ]);
});
afterAll(async () => {
  await receiver?.close();
  await twin?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
type Json = any;
const token = (tenant: string, role: string) => twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
const newTenant = () => `hooks-${++tenantCount}`;

const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);

const event = (message: string) => ({ source: 'ci', event_type: 'deploy.failed', severity: 'error', message, metadata: {} });
const verify = (secret: string, request: { body: string; headers: Json }) =>
  new StandardWebhook(secret).verify(request.body, request.headers) as Json;

describe('registration', () => {
  it('answers the secret once; reads never show it; viewers read, only maintainers write', async () => {
    const tenant = newTenant();
    const created = await api('POST', '/v1/webhooks', token(tenant, 'maintainer'), {
      url: receiver.url('/registered'),
      description: 'CI alerts',
      event_types: ['deploy.*', 'server_down', 'deploy.*'],
      min_priority: 'medium',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      webhook_id: expect.stringMatching(/^whk_[0-9a-z]{26}$/),
      url: receiver.url('/registered'),
      description: 'CI alerts',
      event_types: ['deploy.*', 'server_down'],
      min_priority: 'medium',
      enabled: true,
      consecutive_failures: 0,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{44}$/),
    });
    const id = created.json.webhook_id;
    const got = await api('GET', `/v1/webhooks/${id}`, token(tenant, 'viewer'));
    expect(got.status).toBe(200);
    expect(got.text).not.toContain('whsec_');
    const list = await api('GET', '/v1/webhooks', token(tenant, 'viewer'));
    expect(list.json.items.map((w: Json) => w.webhook_id)).toEqual([id]);
    expect(list.text).not.toContain('whsec_');
    expect((await api('POST', '/v1/webhooks', token(tenant, 'viewer'), { url: receiver.url('/x') })).status).toBe(403);
    expect((await api('GET', `/v1/webhooks/${id}`, token('another-tenant', 'admin'))).status).toBe(404);
    const changed = await api('PATCH', `/v1/webhooks/${id}`, token(tenant, 'maintainer'), { event_types: [], description: null });
    expect(changed.json).toMatchObject({ event_types: [], description: null });
    expect((await api('DELETE', `/v1/webhooks/${id}`, token(tenant, 'maintainer'))).status).toBe(204);
    expect((await api('GET', `/v1/webhooks/${id}`, token(tenant, 'viewer'))).status).toBe(404);
    expect((await api('DELETE', `/v1/webhooks/${id}`, token(tenant, 'maintainer'))).status).toBe(404);
  });

  it('refuses metadata, private and plain-http URLs, at registration and on change', async () => {
    const tenant = newTenant();
    const register = (url: string) => api('POST', '/v1/webhooks', token(tenant, 'maintainer'), { url });
    const metadata = await register('http://169.254.169.254/latest/meta-data/');
    expect(metadata.status).toBe(400);
    expect(metadata.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ location: 'body', path: 'url', message: 'must point to a public address: 169.254.169.254 is a metadata address' }],
    });
    for (const url of [
      'https://[fd00:ec2::254]/',
      'https://[::ffff:169.254.169.254]/',
      'https://2852039166/',
      'http://10.0.0.8/hook',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
    ])
      expect((await register(url)).status, url).toBe(400);
    expect((await register('http://hooks.example.com/x')).json.error.details[0].message).toBe('must use https');
    expect((await register('https://hooks.example.com/x')).status).toBe(201);
    const ok = await register(receiver.url('/fine'));
    const moved = await api('PATCH', `/v1/webhooks/${ok.json.webhook_id}`, token(tenant, 'maintainer'), { url: 'https://169.254.169.254/' });
    expect(moved.status).toBe(400);
  });
});

describe('secrets and test events', () => {
  it('sends a test event; after a rotation both secrets verify during the overlap, then only the new one', async () => {
    const tenant = newTenant();
    const maintainer = token(tenant, 'maintainer');
    const created = await api('POST', '/v1/webhooks', maintainer, { url: receiver.url('/rotating'), event_types: ['nothing.else'] });
    const id = created.json.webhook_id;
    const oldSecret = created.json.secret;

    const test = await api('POST', `/v1/webhooks/${id}/test`, maintainer, undefined, { 'x-correlation-id': 'corr-test' });
    expect(test.status, test.text).toBe(202);
    expect(test.json).toEqual({ status: 'accepted', event_id: expect.any(String), webhook_id: id, correlation_id: 'corr-test' });
    const [first] = await receiver.waitFor('/rotating', 1);
    expect(verify(oldSecret, first!)).toMatchObject({ type: 'webhook.test', data: { webhook_id: id, event_id: test.json.event_id } });

    const rotated = await api('POST', `/v1/webhooks/${id}/rotate-secret`, maintainer, { overlap_seconds: 3600 });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.json.secret).not.toBe(oldSecret);
    expect(rotated.json.previous_secret_expires_at).toEqual(expect.any(String));
    await api('POST', `/v1/webhooks/${id}/test`, maintainer);
    const [, second] = await receiver.waitFor('/rotating', 2);
    expect(String(second!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated.json.secret, second!).type).toBe('webhook.test');
    expect(verify(oldSecret, second!).type).toBe('webhook.test');

    const again = await api('POST', `/v1/webhooks/${id}/rotate-secret`, maintainer, { overlap_seconds: 0 });
    expect(again.json.previous_secret_expires_at).toBeNull();
    await api('POST', `/v1/webhooks/${id}/test`, maintainer);
    const [, , third] = await receiver.waitFor('/rotating', 3);
    expect(verify(again.json.secret, third!).type).toBe('webhook.test');
    expect(() => verify(rotated.json.secret, third!)).toThrow();

    const history = await api('GET', `/v1/webhooks/${id}/deliveries`, maintainer);
    expect(history.json.items).toHaveLength(3);
    expect(history.json.items.every((d: Json) => d.status === 'succeeded' && d.event_type === 'webhook.test' && d.attempts.length === 1)).toBe(true);
    expect((await api('GET', `/v1/webhooks/${id}/deliveries`, token(tenant, 'viewer'))).status).toBe(403);
  });
});

describe('a receiver that is down', () => {
  it('leaves the delivery in the dead-letter listing; a redrive delivers it once the receiver is back', async () => {
    const tenant = newTenant();
    // A port nobody listens on, until the receiver comes back on it.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    const created = await api('POST', '/v1/webhooks', token(tenant, 'maintainer'), { url: `http://127.0.0.1:${port}/back` });
    const accepted = await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), event('down'), { 'x-correlation-id': 'corr-down' });

    const admin = token(tenant, 'admin');
    const letter = await until(async () => {
      const { json } = await api('GET', '/v1/admin/dead-letters?queue=delivery', admin);
      return json.items?.[0];
    }, 'the dead letter');
    expect(letter).toMatchObject({
      queue: 'delivery',
      body: { kind: 'deliver', tenant_id: tenant, event_id: accepted.json.event_id, webhook_id: created.json.webhook_id },
      correlation_id: 'corr-down',
      attempts: 2,
      last_error: expect.stringContaining('ECONNREFUSED'),
      redriven_at: null,
    });
    const dead = await until(async () => {
      const { json } = await api('GET', `/v1/integrations/events/${accepted.json.event_id}`, token(tenant, 'viewer'));
      return json.deliveries[0]?.status === 'dead_lettered' ? json.deliveries[0] : undefined;
    }, 'the delivery to be dead_lettered');
    expect(dead.attempts.map((a: Json) => [a.number, a.receive, a.outcome])).toEqual([
      [1, 1, 'retryable'],
      [2, 1, 'retryable'],
      [3, 1, 'retryable'],
      [4, 1, 'retryable'],
      [5, 2, 'retryable'],
      [6, 2, 'retryable'],
      [7, 2, 'retryable'],
      [8, 2, 'retryable'],
    ]);
    expect(dead.last_error).toMatch(/^delivery failed 2 times: /);

    const back = await startReceiver(port);
    try {
      const redrive = await api('POST', '/v1/admin/dead-letters/delivery/redrive', admin);
      expect(redrive.status, redrive.text).toBe(202);
      expect(redrive.json).toEqual({ redriven: 1 });
      const [request] = await back.waitFor('/back', 1);
      expect(verify(created.json.secret, request!)).toMatchObject({ type: 'deploy.failed', data: { event_id: accepted.json.event_id } });
      const delivered = await until(async () => {
        const { json } = await api('GET', `/v1/integrations/events/${accepted.json.event_id}`, token(tenant, 'viewer'));
        return json.deliveries[0]?.status === 'succeeded' ? json.deliveries[0] : undefined;
      }, 'the redriven delivery');
      expect(delivered.attempt_count).toBe(9);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(back.on('/back')).toHaveLength(1);
    } finally {
      await back.close();
    }
  });
});

describe('an endpoint that keeps failing', () => {
  it('is disabled after 3 failed events in a row (webhook.disabled); re-enabling replays what it missed', async () => {
    const tenant = newTenant();
    const maintainer = token(tenant, 'maintainer');
    // 410 ends each delivery at its first attempt, so the count does not depend on redelivery timing.
    receiver.answer('/sick', [], 410);
    const created = await api('POST', '/v1/webhooks', maintainer, { url: receiver.url('/sick') });
    const id = created.json.webhook_id;
    const failing = await Promise.all(['f1', 'f2', 'f3'].map((m) => api('POST', '/v1/integrations/events', maintainer, event(m))));

    const disabled = await until(async () => {
      const { json } = await api('GET', `/v1/webhooks/${id}`, token(tenant, 'viewer'));
      return json.enabled === false ? json : undefined;
    }, 'the endpoint to be disabled');
    expect(disabled).toMatchObject({
      disabled_reason: '3 events in a row failed to deliver',
      consecutive_failures: 3,
      disabled_at: expect.any(String),
    });
    const notice = await until(async () => {
      const { json } = await api('GET', '/v1/integrations/events', token(tenant, 'viewer'));
      return json.items.find((e: Json) => e.event_type === 'webhook.disabled');
    }, 'the webhook.disabled event');
    expect(notice).toMatchObject({ kind: 'platform', priority: 'high', data: { webhook_id: id, reason: '3 events in a row failed to deliver' } });

    // Missed while disabled: accepted, kept paused, not sent (the webhook.disabled notice too).
    const missed = await Promise.all(['m1', 'm2'].map((m) => api('POST', '/v1/integrations/events', maintainer, event(m))));
    const paused = await until(async () => {
      const { json } = await api('GET', `/v1/webhooks/${id}/deliveries`, maintainer);
      const all = json.items as Json[];
      return all.length === 6 ? all.filter((d) => d.status === 'paused') : undefined;
    }, 'six deliveries');
    expect(paused.map((d) => d.event_id).sort()).toEqual([notice.event_id, ...missed.map((m) => m.json.event_id)].sort());
    const failed = await api('GET', `/v1/integrations/events/${failing[0]!.json.event_id}`, maintainer);
    expect(failed.json.deliveries[0]).toMatchObject({ status: 'failed', attempt_count: 1, last_error: 'HTTP 410' });
    const sentBefore = receiver.on('/sick').length;
    expect(sentBefore).toBe(3);

    receiver.answer('/sick', [], 200);
    const enabled = await api('PATCH', `/v1/webhooks/${id}`, maintainer, { enabled: true });
    expect(enabled.json).toMatchObject({ enabled: true, consecutive_failures: 0, disabled_reason: null, disabled_at: null });
    await receiver.waitFor('/sick', sentBefore + 3);
    const replayed = receiver
      .on('/sick')
      .slice(sentBefore)
      .map((r) => verify(created.json.secret, r));
    expect(replayed.map((p) => p.data.event_id).sort()).toEqual(paused.map((d) => d.event_id).sort());
    expect(replayed.map((p) => p.type).sort()).toEqual(['deploy.failed', 'deploy.failed', 'webhook.disabled']);
    await until(async () => {
      const { json } = await api('GET', `/v1/webhooks/${id}/deliveries`, maintainer);
      return (json.items as Json[]).filter((d) => d.status === 'succeeded').length === 3 ? true : undefined;
    }, 'every replayed delivery to succeed');
    // The endpoint is back for new events too.
    await api('POST', '/v1/integrations/events', maintainer, event('after'));
    await receiver.waitFor('/sick', sentBefore + 4);
  });
});

describe('npm run receiver', () => {
  it('registers itself, verifies and prints each delivery, refuses a bad signature, and unregisters on close', async () => {
    const tenant = newTenant();
    const lines: string[] = [];
    const local = await startLocalReceiver({ httpUrl: twin.httpUrl, token: token(tenant, 'maintainer'), port: 0, print: (line) => lines.push(line) });
    expect(local.webhookId).toMatch(/^whk_/);
    expect(local.secret).toMatch(/^whsec_/);
    await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), event('to the receiver'), { 'x-correlation-id': 'corr-receiver' });
    await until(async () => (local.counts.verified === 1 ? true : undefined), 'the receiver to verify a delivery');
    expect(lines[0]).toMatch(/^✓ verified {2}deploy\.failed {2}webhook-id=evt_\w+ {2}priority=high {2}x-correlation-id=corr-receiver$/);
    expect(JSON.parse(lines[1]!.trim())).toMatchObject({ type: 'deploy.failed', data: { message: 'to the receiver' } });

    // The same endpoint served with a wrong --secret: every delivery is refused with 400 (not retried).
    const port = Number(new URL(local.url).port);
    await local.close({ keep: true });
    const wrong = await startLocalReceiver({
      httpUrl: twin.httpUrl,
      port,
      secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      print: (line) => lines.push(line),
    });
    await api('POST', '/v1/integrations/events', token(tenant, 'maintainer'), event('wrong secret'));
    await until(async () => (wrong.counts.refused === 1 ? true : undefined), 'the receiver to refuse a delivery');
    expect(lines.at(-1)).toMatch(/^✗ POST \/webhooks webhook-id=evt_\w+: signature refused \(no signature matches\)$/);
    await wrong.close();
    expect((await api('GET', `/v1/webhooks/${local.webhookId}`, token(tenant, 'viewer'))).status).toBe(200);
    await api('DELETE', `/v1/webhooks/${local.webhookId}`, token(tenant, 'maintainer'));

    const once = await startLocalReceiver({ httpUrl: twin.httpUrl, token: token(tenant, 'maintainer'), port: 0, print: () => undefined });
    await once.close();
    expect((await api('GET', `/v1/webhooks/${once.webhookId}`, token(tenant, 'viewer'))).status).toBe(404);
  });
});
