// Webhook endpoints and integration events in-process against the twin's embedded DynamoDB and SQS
// (no mocks) and a real HTTP endpoint on loopback: an accepted event reaches a subscribed endpoint
// signed, through the delivery queue and worker; history, pausing, deletion and secrets behave as
// the API promises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as SignatureCheck } from 'standardwebhooks';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../../test/support/handlers.ts';
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts';

let aws: LocalAws;
let receiver: Receiver;
const h: Record<string, HttpHandler> = {};
let deliveryWorker: SqsHandler;
let sweepHandler: (event: unknown) => Promise<{ requeued: number }>;
let sweepStuckDeliveries: typeof import('#shared/webhooks/sweep.ts').sweepStuckDeliveries;

beforeAll(async () => {
  aws = await startLocalAws();
  receiver = await startReceiver();
  const routes = {
    create: import('./create.ts'),
    get: import('./get.ts'),
    list: import('./list.ts'),
    update: import('./update.ts'),
    remove: import('./delete.ts'),
    rotate: import('./rotate-secret.ts'),
    test: import('./test.ts'),
    deliveries: import('./deliveries.ts'),
    createEvent: import('../events/create.ts'),
    getEvent: import('../events/get.ts'),
    listEvents: import('../events/list.ts'),
  };
  await loadHandlers(h, routes);
  deliveryWorker = (await import('../../workers/delivery.ts')).handler as SqsHandler;
  sweepHandler = (await import('../../schedules/sweep-deliveries.ts')).handler as never;
  ({ sweepStuckDeliveries } = await import('#shared/webhooks/sweep.ts'));
});
afterAll(async () => {
  await receiver?.close();
  await aws?.stop();
});

const tenant = 't-hooks';
const maintainer = user(tenant, 'maintainer');
const viewer = user(tenant, 'viewer');

async function register(path: string, body: Record<string, unknown> = {}) {
  const res = await call(h.create!, 'POST /v1/webhooks', { as: maintainer, body: { url: receiver.url(path), ...body } });
  expect(res.status).toBe(201);
  return res.body as { webhook_id: string; secret: string };
}

/** Runs the delivery worker on what the delivery queue holds until it is empty. */
async function runDeliveries() {
  for (let round = 0; round < 5; round++) {
    const messages = await aws.receive('delivery');
    if (!messages.length) return;
    await deliver(deliveryWorker, messages, 'scorecast-delivery');
  }
}

const raise = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(h.createEvent!, 'POST /v1/integrations/events', {
    as: maintainer,
    body: { source: 'monitor', message: 'disk full', ...body },
    ...(headers ? { headers } : {}),
  });

describe('webhooks and events', () => {
  it('delivers an accepted event to a subscribed endpoint, signed with its secret, and records the attempt', async () => {
    const hook = await register('/alerts', { event_types: ['server.*'], min_priority: 'high' });
    expect(hook.secret).toMatch(/^whsec_/);
    const accepted = await raise({ event_type: 'server.down', severity: 'critical' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'accepted', priority: 'critical', deduplicated: false });
    await raise({ event_type: 'server.slow', severity: 'low' }); // under min_priority
    await raise({ event_type: 'deploy.failed', severity: 'critical' }); // another type
    await runDeliveries();

    const got = receiver.on('/alerts');
    expect(got).toHaveLength(1);
    const payload = new SignatureCheck(hook.secret).verify(got[0]!.body, {
      'webhook-id': String(got[0]!.headers['webhook-id']),
      'webhook-timestamp': String(got[0]!.headers['webhook-timestamp']),
      'webhook-signature': String(got[0]!.headers['webhook-signature']),
    }) as { type: string };
    expect(payload.type).toBe('server.down');

    const event = await call(h.getEvent!, 'GET /v1/integrations/events/{event_id}', { as: viewer, params: { event_id: accepted.body.event_id } });
    expect(event.status).toBe(200);
    expect(event.body.deliveries).toEqual([expect.objectContaining({ webhook_id: hook.webhook_id, status: 'succeeded' })]);
    const history = await call(h.deliveries!, 'GET /v1/webhooks/{webhook_id}/deliveries', {
      as: maintainer,
      params: { webhook_id: hook.webhook_id },
    });
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].attempts[0]).toMatchObject({ status_code: 200 });
    const list = await call(h.listEvents!, 'GET /v1/integrations/events', { as: viewer });
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the first event for a repeated dedup_key instead of a new one', async () => {
    const first = await raise({ event_type: 'disk.full', severity: 'high', dedup_key: 'disk-1' });
    const again = await raise({ event_type: 'disk.full', severity: 'high', dedup_key: 'disk-1' });
    expect(again.body).toMatchObject({ event_id: first.body.event_id, deduplicated: true });
    const reserved = await raise({ event_type: 'submission.scored', severity: 'low' });
    expect(reserved.status).toBe(400);
  });

  it('retries a failing endpoint within the invocation and records each attempt', async () => {
    const hook = await register('/flaky', { event_types: ['flaky.*'] });
    receiver.answer('/flaky', [500, 503]);
    await raise({ event_type: 'flaky.thing', severity: 'low' });
    await runDeliveries();
    expect(receiver.on('/flaky')).toHaveLength(3);
    const history = await call(h.deliveries!, 'GET /v1/webhooks/{webhook_id}/deliveries', {
      as: maintainer,
      params: { webhook_id: hook.webhook_id },
    });
    expect(history.body.items[0]).toMatchObject({ status: 'succeeded' });
    expect(history.body.items[0].attempts.map((a: { status_code: number }) => a.status_code)).toEqual([500, 503, 200]);
  });

  it('sends a test event to one endpoint only', async () => {
    const hook = await register('/test-only', { event_types: ['nothing.*'] });
    const res = await call(h.test!, 'POST /v1/webhooks/{webhook_id}/test', { as: maintainer, params: { webhook_id: hook.webhook_id } });
    expect(res.status).toBe(202);
    await runDeliveries();
    const got = receiver.on('/test-only');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).type).toBe('webhook.test');
  });

  it('pauses a disabled endpoint and replays what it missed once re-enabled', async () => {
    const hook = await register('/paused', { event_types: ['pause.*'] });
    const off = await call(h.update!, 'PATCH /v1/webhooks/{webhook_id}', {
      as: maintainer,
      params: { webhook_id: hook.webhook_id },
      body: { enabled: false, description: 'paused' },
    });
    expect(off.body).toMatchObject({ enabled: false, description: 'paused' });
    await raise({ event_type: 'pause.one', severity: 'low' });
    await runDeliveries();
    expect(receiver.on('/paused')).toHaveLength(0);
    await call(h.update!, 'PATCH /v1/webhooks/{webhook_id}', { as: maintainer, params: { webhook_id: hook.webhook_id }, body: { enabled: true } });
    await runDeliveries();
    expect(receiver.on('/paused').map((r) => JSON.parse(r.body).type)).toEqual(['pause.one']);
  });

  it('rotates the secret (signing with both during the overlap), lists, and deletes an endpoint', async () => {
    const hook = await register('/rotating', { event_types: ['rot.*'] });
    const rotated = await call(h.rotate!, 'POST /v1/webhooks/{webhook_id}/rotate-secret', {
      as: maintainer,
      params: { webhook_id: hook.webhook_id },
      body: { overlap_seconds: 60 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await raise({ event_type: 'rot.x', severity: 'low' });
    await runDeliveries();
    const got = receiver.on('/rotating')[0]!;
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret as string])
      expect(() => new SignatureCheck(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();

    const list = await call(h.list!, 'GET /v1/webhooks', { as: viewer });
    expect(list.body.items.map((w: { webhook_id: string }) => w.webhook_id)).toContain(hook.webhook_id);
    expect((await call(h.remove!, 'DELETE /v1/webhooks/{webhook_id}', { as: maintainer, params: { webhook_id: hook.webhook_id } })).status).toBe(204);
    expect((await call(h.get!, 'GET /v1/webhooks/{webhook_id}', { as: viewer, params: { webhook_id: hook.webhook_id } })).status).toBe(404);
  });

  it('refuses an address that is not a URL it may call', async () => {
    const res = await call(h.create!, 'POST /v1/webhooks', { as: maintainer, body: { url: 'http://10.0.0.1/hook' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('sends again a delivery whose message was lost, once it is stuck long enough', async () => {
    await register('/lost', { event_types: ['lost.*'] });
    await raise({ event_type: 'lost.one', severity: 'low' });
    expect((await aws.receive('delivery')).length).toBeGreaterThan(0); // taken and lost
    expect((await sweepHandler({ id: 'sweep-now' })).requeued).toBe(0);
    expect(await sweepStuckDeliveries(300, 'sweep-later', new Date(Date.now() + 10 * 60_000))).toBeGreaterThanOrEqual(1);
    await runDeliveries();
    expect(receiver.on('/lost').map((r) => JSON.parse(r.body).type)).toEqual(['lost.one']);
  });
});
