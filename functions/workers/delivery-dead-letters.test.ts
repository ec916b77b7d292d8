// A webhook delivery that fails for good, in-process against the twin's embedded DynamoDB and SQS
// (no mocks) and a real endpoint on loopback: the delivery worker gives the message back after its
// attempts, the dead-letter recorder marks the delivery dead_lettered with the worker's last error,
// and an admin's redrive makes it pending again so it is delivered once the endpoint recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../test/support/local-aws.ts';
import { call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../test/support/handlers.ts';
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver.ts';

let aws: LocalAws;
let receiver: Receiver;
const h: Record<string, HttpHandler> = {};
let deliveryWorker: SqsHandler;
let recorder: SqsHandler;

beforeAll(async () => {
  aws = await startLocalAws();
  receiver = await startReceiver();
  const routes = {
    createWebhook: import('../http/webhooks/create.ts'),
    deliveries: import('../http/webhooks/deliveries.ts'),
    createEvent: import('../http/events/create.ts'),
    listDeadLetters: import('../http/admin/dead-letters-list.ts'),
    redrive: import('../http/admin/dead-letters-redrive.ts'),
  };
  await loadHandlers(h, routes);
  deliveryWorker = (await import('./delivery.ts')).handler as SqsHandler;
  recorder = (await import('./dead-letter-recorder.ts')).handler as SqsHandler;
});
afterAll(async () => {
  await receiver?.close();
  await aws?.stop();
});

const tenant = 't-dead-deliveries';
const admin = user(tenant, 'admin');

describe('a delivery that fails for good', () => {
  it('is dead-lettered with the last error, and delivered after a redrive once the endpoint recovers', async () => {
    const hook = await call(h.createWebhook!, 'POST /v1/webhooks', { as: admin, body: { url: receiver.url('/down') } });
    receiver.answer('/down', [500, 500, 500, 500, 500, 500, 500, 500]);
    await call(h.createEvent!, 'POST /v1/integrations/events', {
      as: admin,
      body: { source: 's', event_type: 'outage', severity: 'high', message: 'm' },
    });

    const messages = await aws.receive('delivery');
    expect(messages).toHaveLength(1);
    // Every attempt of this receive fails: the message goes back to its queue.
    expect(await deliver(deliveryWorker, messages, 'scorecast-delivery')).toEqual([messages[0]!.messageId]);
    const attempted = receiver.on('/down').length;
    expect(attempted).toBeGreaterThan(1);

    // After maxReceiveCount SQS moves it to the DLQ, same message id and body: the recorder's turn.
    expect(await deliver(recorder, messages, 'scorecast-delivery-dlq')).toEqual([]);
    const history = await call(h.deliveries!, 'GET /v1/webhooks/{webhook_id}/deliveries', {
      as: admin,
      params: { webhook_id: hook.body.webhook_id },
    });
    expect(history.body.items[0].status).toBe('dead_lettered');
    const letters = await call(h.listDeadLetters!, 'GET /v1/admin/dead-letters', { as: admin, query: { queue: 'delivery' } });
    expect(letters.body.items).toHaveLength(1);
    expect(letters.body.items[0].last_error).toContain('every attempt');

    receiver.answer('/down', [], 200);
    const redriven = await call(h.redrive!, 'POST /v1/admin/dead-letters/{queue}/redrive', { as: admin, params: { queue: 'delivery' } });
    expect(redriven.body.redriven).toBe(1);
    const back = await aws.receive('delivery');
    expect(back).toHaveLength(1);
    expect(await deliver(deliveryWorker, back, 'scorecast-delivery')).toEqual([]);
    const after = await call(h.deliveries!, 'GET /v1/webhooks/{webhook_id}/deliveries', { as: admin, params: { webhook_id: hook.body.webhook_id } });
    expect(after.body.items[0].status).toBe('succeeded');
    expect(receiver.on('/down').length).toBe(attempted + 1);
  });
});
