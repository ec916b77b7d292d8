// No lost events: a submission.scored whose score was written reaches a webhook receiver (and the
// broadcast queue) even when (a) the event write fails once, or (b) the scoring function dies right
// after the score is written — its request comes back (SQS redelivery, here: called again) and finds
// the submission scored. A repeat carries the same `webhook-id`, and a third run adds no delivery.
// Likewise webhook.disabled when the delivery worker dies right after disabling an endpoint.
//
// Real engines (dynalite, fauxqs) in this process, the real scoring use case and delivery worker
// logic; the faults are injected in the DynamoDB client's middleware stack, in this test only.
import { ReceiveMessageCommand, DeleteMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { queueUrlVariable } from '#infra/wiring-env.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { awsEnvironment } from '#infra/local/aws-env.ts';
import { queuedSubmission } from '#shared/submissions/submission.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

type Modules = {
  scoring: typeof import('#shared/submissions/score-requested.ts');
  client: typeof import('#shared/store/client.ts');
  submissions: typeof import('#shared/store/submissions.ts');
  benchmarks: typeof import('#shared/store/benchmarks.ts');
  webhooks: typeof import('#shared/store/webhooks.ts');
  events: typeof import('#shared/store/events.ts');
  deliver: typeof import('#shared/webhooks/attempt-delivery.ts');
  publish: typeof import('#shared/events/publish.ts');
  fail: typeof import('#shared/submissions/fail.ts');
};

let engines: Engines;
let receiver: Receiver;
let sqs: SQSClient;
let m: Modules;
const saved = { ...process.env };

/** Faults armed for the next matching DynamoDB request, each used once. */
const faults: { name: string; matches: (command: string, input: string) => boolean; after: boolean }[] = [];
const fired: string[] = [];

const TENANT = 'lost-events';
const BENCHMARK = 'bmk_lost';

beforeAll(async () => {
  [engines, receiver] = await Promise.all([startEngines({ wiring }), startReceiver()]);
  Object.assign(process.env, awsEnvironment(engines), { TABLE_NAME: engines.tableName });
  for (const queue of engines.queueNames()) process.env[queueUrlVariable(queue)] = engines.queueUrl(queue);
  m = {
    scoring: await import('#shared/submissions/score-requested.ts'),
    client: await import('#shared/store/client.ts'),
    submissions: await import('#shared/store/submissions.ts'),
    benchmarks: await import('#shared/store/benchmarks.ts'),
    webhooks: await import('#shared/store/webhooks.ts'),
    events: await import('#shared/store/events.ts'),
    deliver: await import('#shared/webhooks/attempt-delivery.ts'),
    publish: await import('#shared/events/publish.ts'),
    fail: await import('#shared/submissions/fail.ts'),
  };
  sqs = new SQSClient({});
  // The fault hook: before (a failed write) or after (the write committed, then the function dies).
  m.client.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = JSON.stringify(args.input);
      const index = faults.findIndex((fault) => fault.matches(context.commandName ?? '', input));
      if (index < 0) return next(args);
      const [fault] = faults.splice(index, 1);
      fired.push(fault!.name);
      if (!fault!.after) throw Object.assign(new Error(`injected: ${fault!.name}`), { name: 'InternalServerError' });
      await next(args);
      throw new Error(`injected: ${fault!.name} (the function died after the write)`);
    },
    { step: 'initialize', name: 'faultInjection' },
  );

  const at = new Date().toISOString();
  await m.benchmarks.insertBenchmark({
    benchmarkId: BENCHMARK,
    tenantId: TENANT,
    name: 'Lost events',
    description: null,
    leaderboardRule: 'best',
    dailySubmissionLimit: 100,
    version: 1,
    taskCount: 1,
    status: 'active',
    createdAt: at,
    updatedAt: at,
    createdBy: 'test',
    privateTaskCount: 0,
    revealedAt: null,
  });
  await m.benchmarks.insertVersion(TENANT, {
    benchmarkId: BENCHMARK,
    version: 1,
    tasks: [{ task_id: 't1', input: '2+2', expected: '4', scorer: { type: 'exact' }, weight: 1 }],
    createdAt: at,
    createdBy: 'test',
  });
  await insertWebhook('whk_lost', TENANT, '/scored', ['submission.*']);
});

async function insertWebhook(webhookId: string, tenantId: string, path: string, eventTypes: string[]) {
  const at = new Date().toISOString();
  await m.webhooks.insertWebhook({
    webhookId,
    tenantId,
    url: receiver.url(path),
    description: null,
    eventTypes,
    minPriority: 'low',
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
    secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    previousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: at,
    updatedAt: at,
    createdBy: 'test',
  });
}

afterAll(async () => {
  await receiver?.close();
  await engines?.stop();
  process.env = saved;
});

beforeEach(() => {
  faults.length = 0;
  fired.length = 0;
});

let count = 0;
async function newSubmission(): Promise<string> {
  const submissionId = `sub_lost${++count}`;
  const owner = { submissionId, tenantId: TENANT, benchmarkId: BENCHMARK, agentId: `agt_${submissionId}`, version: 1 };
  await m.submissions.insertSubmission(queuedSubmission(owner, { answers: [{ task_id: 't1', output: '4' }] }, new Date()));
  return submissionId;
}

const score = (submissionId: string) =>
  m.scoring.scoreRequested({ tenant_id: TENANT, submission_id: submissionId, reason: 'submitted' }, `corr-${submissionId}`);

/** What the delivery worker does with one message (no waits between attempts). */
const deliver = (body: string, disableAfterFailures = 10) =>
  m.deliver.attemptDelivery(JSON.parse(body), {
    receiveCount: 1,
    correlationId: 'delivery',
    policy: { retryDelaysMs: [], attemptTimeoutMs: 3000, redeliverySchedule: [1], disableAfterFailures, address: { allowLoopback: true } },
    send: async (url, payload, headers) => {
      const started = Date.now();
      const response = await fetch(url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers } });
      return { statusCode: response.status, latencyMs: Date.now() - started };
    },
  });

/** Takes every message off the delivery queue. */
async function takeDeliveryMessages(): Promise<string[]> {
  const queueUrl = engines.queueUrl('delivery');
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body!));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((msg, i) => ({ Id: String(i), ReceiptHandle: msg.ReceiptHandle! })),
      }),
    );
  }
}

/** What the delivery worker does with every message on the delivery queue (until it is empty). */
async function runDeliveryWorker(): Promise<void> {
  for (let bodies = await takeDeliveryMessages(); bodies.length > 0; bodies = await takeDeliveryMessages())
    for (const body of bodies) await deliver(body);
}

/** The POSTs the receiver got for this submission. */
const postsFor = (submissionId: string) =>
  receiver
    .on('/scored')
    .map((post) => ({
      webhookId: post.headers['webhook-id'],
      payload: JSON.parse(post.body) as { type: string; data: { submission_id: string; score: number; event_id: string } },
    }))
    .filter(({ payload }) => payload.data.submission_id === submissionId);

/** Every event stored for the tenant naming this submission, with its deliveries. */
async function storedEventsFor(submissionId: string) {
  const page = await m.events.eventsPage(TENANT, 100, undefined);
  const mine = page.events.filter((event) => event.data?.submission_id === submissionId);
  return Promise.all(mine.map((event) => m.events.eventWithDeliveries(TENANT, event.eventId)));
}

const isEventWrite = (command: string, input: string) => /Put/.test(command) && input.includes('submission.scored') && input.includes('"event_type"');
const isScoredWrite = (command: string, input: string) => /Update/.test(command) && /":to":(\{"S":)?"scored"/.test(input);

describe('submission.scored is not lost', () => {
  it('(a) the event write fails once: publish throws, the retried request republishes it, and it is delivered once', async () => {
    const submissionId = await newSubmission();
    faults.push({ name: 'event write', matches: isEventWrite, after: false });

    await expect(score(submissionId)).rejects.toThrow(/not published/);
    expect(fired).toEqual(['event write']);
    expect((await m.submissions.findSubmission(TENANT, submissionId))?.status).toBe('scored');
    expect(await storedEventsFor(submissionId)).toHaveLength(0);

    // SQS brings the request back (the worker reported it failed).
    expect(await score(submissionId)).toBe('republished');
    await runDeliveryWorker();

    const posts = postsFor(submissionId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.payload).toMatchObject({ type: 'submission.scored', data: { submission_id: submissionId, score: 1 } });
    expect(posts[0]!.webhookId).toBe(posts[0]!.payload.data.event_id);
  });

  it('(b) the function dies right after the score is written: the redelivered request finds it scored and publishes it', async () => {
    const submissionId = await newSubmission();
    faults.push({ name: 'crash after commit', matches: isScoredWrite, after: true });

    await expect(score(submissionId)).rejects.toThrow(/died after the write/);
    expect(fired).toEqual(['crash after commit']);
    expect((await m.submissions.findSubmission(TENANT, submissionId))?.status).toBe('scored');

    expect(await score(submissionId)).toBe('republished');
    await runDeliveryWorker();

    const posts = postsFor(submissionId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.payload).toMatchObject({ type: 'submission.scored', data: { submission_id: submissionId, score: 1 } });
    // The leaderboard entry, never placed by the run that died, was placed by the retry.
    const { boardPage } = await import('#shared/store/leaderboard.ts');
    const board = await boardPage(TENANT, BENCHMARK, 1, 100);
    expect(board.entries.map(({ entry }) => entry).filter((entry) => entry.agentId === `agt_${submissionId}`)).toMatchObject([
      { submissionId, score: 1 },
    ]);
  });

  it('both faults on one submission, then a duplicate request: one stored event, one delivery, every POST with the same webhook-id', async () => {
    const submissionId = await newSubmission();
    faults.push({ name: 'crash after commit', matches: isScoredWrite, after: true });
    await expect(score(submissionId)).rejects.toThrow(/died after the write/);
    faults.push({ name: 'event write', matches: isEventWrite, after: false });
    await expect(score(submissionId)).rejects.toThrow(/not published/);
    expect(fired).toEqual(['crash after commit', 'event write']);

    expect(await score(submissionId)).toBe('republished');
    await runDeliveryWorker();
    // A duplicate of the request (SQS delivers at least once): the same event, nothing new to deliver.
    expect(await score(submissionId)).toBe('republished');
    await runDeliveryWorker();

    const stored = await storedEventsFor(submissionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.deliveries.map((d) => [d.webhookId, d.status])).toEqual([['whk_lost', 'succeeded']]);
    const posts = postsFor(submissionId);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts.map((post) => post.webhookId))).toEqual(new Set([stored[0]!.event.eventId]));
  });

  it('publishing fails on every receive until the request dead-letters: the dead-letter recorder finds it scored and publishes it', async () => {
    const submissionId = await newSubmission();
    for (let receive = 0; receive < 3; receive++) {
      faults.push({ name: 'event write', matches: isEventWrite, after: false });
      await expect(score(submissionId)).rejects.toThrow(/not published/);
    }
    expect(fired).toHaveLength(3);
    // What the dead-letter recorder does with the scoring dead letter.
    const submission = (await m.submissions.findSubmission(TENANT, submissionId))!;
    expect(await m.fail.failSubmission(submission, 'failed 3 times', 'corr-dlq')).toBe('republished');
    expect((await m.submissions.findSubmission(TENANT, submissionId))?.status).toBe('scored');
    await runDeliveryWorker();
    expect(postsFor(submissionId).map((post) => post.payload.type)).toEqual(['submission.scored']);
  });

  it('a submission scored without faults is delivered once and a duplicate request does not deliver it again', async () => {
    const submissionId = await newSubmission();
    expect(await score(submissionId)).toBe('scored');
    await runDeliveryWorker();
    expect(await score(submissionId)).toBe('republished');
    await runDeliveryWorker();
    expect(postsFor(submissionId)).toHaveLength(1);
    expect(fired).toEqual([]);
  });
});

describe('webhook.disabled is not lost', () => {
  it('the delivery worker dies right after disabling an endpoint: the redelivered message says so, once', async () => {
    const tenant = 'lost-events-disable';
    await insertWebhook('whk_flaky', tenant, '/flaky', ['submission.*']);
    await insertWebhook('whk_watch', tenant, '/watch', ['webhook.*']);
    receiver.answer('/flaky', [], 500);
    await m.publish.publish([
      {
        type: 'submission.failed',
        tenantId: tenant,
        channels: [],
        data: { submission_id: 'sub_x' },
        correlationId: 'c',
        occurredAt: new Date().toISOString(),
        key: 'sub_x@1',
      },
    ]);
    const [message, ...others] = await takeDeliveryMessages();
    expect(others).toEqual([]);
    expect(JSON.parse(message!)).toMatchObject({ webhook_id: 'whk_flaky' });

    faults.push({
      name: 'crash after disable',
      matches: (command, input) => /Update/.test(command) && input.includes('events in a row failed'),
      after: true,
    });
    await expect(deliver(message!, 1)).rejects.toThrow(/died after the write/);
    expect(fired).toEqual(['crash after disable']);
    expect(await m.webhooks.findWebhook(tenant, 'whk_flaky')).toMatchObject({ enabled: false });

    // The message comes back: the endpoint is disabled, the delivery paused, and webhook.disabled said.
    expect(await deliver(message!, 1)).toEqual({ kind: 'paused' });
    await runDeliveryWorker();
    // A duplicate of the message: nothing said twice.
    expect(await deliver(message!, 1)).toMatchObject({ kind: 'skipped' });
    await runDeliveryWorker();

    const notices = receiver.on('/watch').map((post) => ({ webhookId: post.headers['webhook-id'], payload: JSON.parse(post.body) }));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toMatchObject({
      type: 'webhook.disabled',
      data: { webhook_id: 'whk_flaky', reason: '1 events in a row failed to deliver' },
    });
    expect(notices[0]!.webhookId).toBe(notices[0]!.payload.data.event_id);
  });
});
