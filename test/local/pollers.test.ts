// The SQS event source mapping of the twin, end to end: engines, the function host running a
// bundled consumer, and pollers between them. Short-timeout test queues (visibility 1 s,
// maxReceiveCount 2) make the retry and DLQ paths run in about three seconds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { FunctionDecl, QueueDecl, Wiring } from '#infra/wiring-types.ts';
import { functionEnvironment } from '#infra/wiring-env.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { createFunctionHost } from '#infra/local/function-host.ts';
import type { Invoker } from '#infra/local/invoker.ts';
import { failuresOf, startPollers, type Pollers } from '#infra/local/pollers.ts';

const consumer: FunctionDecl = {
  entry: 'test/fixtures/functions/queue-worker.ts',
  description: 'test consumer',
  memoryMb: 256,
  timeoutSeconds: 3,
  uses: [{ table: 'readWrite' }],
};
const testQueue = (overrides: Partial<QueueDecl> = {}): QueueDecl => ({
  consumer: 'worker',
  batchSize: 10,
  batchingWindowSeconds: 0,
  visibilityTimeoutSeconds: 1,
  maxReceiveCount: 2,
  maxConcurrency: 2,
  ...overrides,
});
const testWiring = (queues: Record<string, QueueDecl>): Wiring => ({
  service: 'scorecast',
  table: { partitionKey: 'PK', sortKey: 'SK', ttlAttribute: 'expires_at', indexes: {} },
  functions: { worker: consumer, recorder: consumer },
  authorizer: { function: 'worker', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues,
  schedules: {},
  settings: {},
});

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

/** Engines, a host with the bundled consumer, and clients to watch them. */
async function startTwin(wiring: Wiring) {
  const bundleDir = await mkdtemp(path.join(tmpdir(), 'scorecast-bundles-'));
  const engines = await startEngines({ wiring });
  const host = createFunctionHost({
    wiring,
    bundleDir,
    engines,
    environment: (fn) =>
      functionEnvironment(wiring, fn, {
        tableName: engines.tableName,
        queueUrl: engines.queueUrl,
        deadLetterQueueUrl: engines.deadLetterQueueUrl,
        webSocketCallbackUrl: 'http://127.0.0.1:1',
      }),
    onLog: () => undefined,
  });
  await host.prepare();
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: engines.sqsEndpoint, credentials });
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: engines.dynamodbEndpoint, credentials });
  const query = async (pk: string) =>
    (
      await dynamodb.send(
        new QueryCommand({ TableName: engines.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } }),
      )
    ).Items ?? [];
  return {
    engines,
    host,
    sqs,
    /** How many times the consumer saw message `id` from the named physical queue, and the last ApproximateReceiveCount. */
    async deliveries(id: string, queue: string) {
      const item = (await query(`msg#${id}`)).find((i) => i.SK?.S === queue);
      return { deliveries: Number(item?.deliveries?.N ?? 0), receiveCount: Number(item?.receiveCount?.N ?? 0) };
    },
    /** The batches the consumer received from the named physical queue. */
    async batches(queue: string) {
      return (await query(`batch#${queue}`)).map((i) => ({
        size: Number(i.size?.N),
        event: JSON.parse(i.event?.S ?? '{}') as SQSEvent,
        at: Number(i.SK?.S?.split('#')[0]),
      }));
    },
    async depth(url: string) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
    },
    async stop() {
      sqs.destroy();
      dynamodb.destroy();
      await host.stop();
      await engines.stop();
      await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

const body = (value: object) => JSON.stringify(value);
const poll = { timeout: 8000, interval: 100 };

describe('startPollers with partial batch responses, retries and DLQs', () => {
  const wiring = testWiring({ work: testQueue(), poison: testQueue({ deadLetterConsumer: 'recorder' }) });
  let twin: Awaited<ReturnType<typeof startTwin>>;
  let pollers: Pollers;
  const logged: string[] = [];

  beforeAll(async () => {
    twin = await startTwin(wiring);
    pollers = startPollers({
      wiring,
      invoker: twin.host,
      sqsEndpoint: twin.engines.sqsEndpoint,
      queueUrl: twin.engines.queueUrl,
      deadLetterQueueUrl: twin.engines.deadLetterQueueUrl,
      log: (line) => logged.push(line),
    });
    // Both scenarios run side by side; each test below waits for its own outcome.
    await twin.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: twin.engines.queueUrl('work'),
        Entries: [
          { Id: '1', MessageBody: body({ id: 'ok-1' }), MessageAttributes: { correlation_id: { DataType: 'String', StringValue: 'corr-1' } } },
          { Id: '2', MessageBody: body({ id: 'bad-2', fail: true }) },
          { Id: '3', MessageBody: body({ id: 'ok-3' }), MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } } },
        ],
      }),
    );
    await twin.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: twin.engines.queueUrl('poison'),
        Entries: [
          { Id: '1', MessageBody: body({ id: 'p-ok' }) },
          { Id: '2', MessageBody: body({ id: 'p-boom', throw: true }) },
        ],
      }),
    );
  });
  afterAll(async () => {
    await pollers?.stop();
    await twin?.stop();
  });

  it('deletes the neighbours of a failed message once processed; the failed one is retried, then dead-lettered', async () => {
    const dlq = twin.engines.deadLetterQueueUrl('work');
    const deadLettered: string[] = [];
    await expect
      .poll(async () => {
        const { Messages } = await twin.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
        deadLettered.push(...(Messages ?? []).map((m) => m.Body ?? ''));
        return deadLettered.length;
      }, poll)
      .toBe(1);
    expect(JSON.parse(deadLettered[0]!)).toEqual({ id: 'bad-2', fail: true });

    expect(await twin.deliveries('ok-1', 'scorecast-work')).toEqual({ deliveries: 1, receiveCount: 1 });
    expect(await twin.deliveries('ok-3', 'scorecast-work')).toEqual({ deliveries: 1, receiveCount: 1 });
    expect(await twin.deliveries('bad-2', 'scorecast-work')).toEqual({ deliveries: 2, receiveCount: 2 });
    expect(await twin.depth(twin.engines.queueUrl('work'))).toBe(0);

    // The first batch was a real SQSEvent with all three messages.
    const batches = (await twin.batches('scorecast-work')).sort((a, b) => a.at - b.at);
    expect(batches.map((b) => b.size)).toEqual([3, 1]);
    const records = batches[0]!.event.Records;
    const [first, , third] = records;
    expect(first).toMatchObject({
      body: body({ id: 'ok-1' }),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:scorecast-work',
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
      messageAttributes: { correlation_id: { stringValue: 'corr-1', stringListValues: [], binaryListValues: [], dataType: 'String' } },
    });
    expect(first!.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first!.receiptHandle).toBeTruthy();
    expect(first!.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(first!.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(first!.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(Number(first!.attributes.SentTimestamp));
    expect(third!.messageAttributes.blob).toEqual({
      binaryValue: Buffer.from('hi').toString('base64'),
      stringListValues: [],
      binaryListValues: [],
      dataType: 'Binary',
    });
    expect(batches[1]!.event.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
  });

  it('deletes nothing when the function fails; the DLQ consumer then drains the dead letters', async () => {
    await expect.poll(() => twin.deliveries('p-boom', 'scorecast-poison-dlq'), poll).toMatchObject({ deliveries: 1 });
    await expect.poll(() => twin.deliveries('p-ok', 'scorecast-poison-dlq'), poll).toMatchObject({ deliveries: 1 });
    // Both messages of the failed batch were tried maxReceiveCount times, the good one too.
    expect(await twin.deliveries('p-ok', 'scorecast-poison')).toEqual({ deliveries: 2, receiveCount: 2 });
    expect(await twin.deliveries('p-boom', 'scorecast-poison')).toEqual({ deliveries: 2, receiveCount: 2 });
    await expect.poll(() => twin.depth(twin.engines.deadLetterQueueUrl('poison')), poll).toBe(0);
    expect(await twin.depth(twin.engines.queueUrl('poison'))).toBe(0);
    expect(logged.some((line) => line.includes('poison: worker failed (Error: a message asked the whole batch to fail)'))).toBe(true);
  });

  it('stop() ends idle long polls promptly', async () => {
    const started = performance.now();
    await pollers.stop();
    expect(performance.now() - started).toBeLessThan(300);
  });
});

describe('startPollers with a batching window', () => {
  const wiring = testWiring({ windowed: testQueue({ batchingWindowSeconds: 1, visibilityTimeoutSeconds: 5 }) });
  let twin: Awaited<ReturnType<typeof startTwin>>;
  let pollers: Pollers;

  beforeAll(async () => {
    twin = await startTwin(wiring);
    pollers = startPollers({
      wiring,
      invoker: twin.host,
      sqsEndpoint: twin.engines.sqsEndpoint,
      queueUrl: twin.engines.queueUrl,
      deadLetterQueueUrl: twin.engines.deadLetterQueueUrl,
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await pollers?.stop();
    await twin?.stop();
  });

  it('gathers messages sent over the window into one batch', async () => {
    const sentAt = Date.now();
    for (let i = 0; i < 5; i++) {
      await twin.sqs.send(new SendMessageCommand({ QueueUrl: twin.engines.queueUrl('windowed'), MessageBody: body({ id: `w-${i}` }) }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await expect.poll(async () => (await twin.batches('scorecast-windowed')).length, poll).toBe(1);
    const [batch] = await twin.batches('scorecast-windowed');
    expect(batch!.size).toBe(5);
    expect(batch!.at - sentAt).toBeGreaterThanOrEqual(950); // the window, not the first message, closed the batch
    expect(batch!.event.Records.map((r) => JSON.parse(r.body).id)).toEqual(['w-0', 'w-1', 'w-2', 'w-3', 'w-4']);
    await expect.poll(() => twin.depth(twin.engines.queueUrl('windowed')), poll).toBe(0);
  });
});

describe('startPollers with an in-process invoker', () => {
  const wiring = testWiring({ jobs: testQueue({ visibilityTimeoutSeconds: 30 }) });
  let engines: Engines;
  let sqs: SQSClient;

  beforeAll(async () => {
    engines = await startEngines({ wiring });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: engines.sqsEndpoint, credentials });
  });
  afterAll(async () => {
    sqs?.destroy();
    await engines?.stop();
  });

  it('stop() lets a running batch finish and delete its messages', async () => {
    let invoked!: () => void;
    const started = new Promise<void>((resolve) => (invoked = resolve));
    let finished = false;
    const invoker: Invoker = {
      async invoke() {
        invoked();
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
        return { batchItemFailures: [] };
      },
    };
    const pollers = startPollers({
      wiring,
      invoker,
      sqsEndpoint: engines.sqsEndpoint,
      queueUrl: engines.queueUrl,
      deadLetterQueueUrl: engines.deadLetterQueueUrl,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl('jobs'), MessageBody: 'x' }));
    await started;
    await pollers.stop();
    expect(finished).toBe(true);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: engines.queueUrl('jobs'), AttributeNames: ['All'] }));
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });
});

describe('failuresOf', () => {
  const messages = [{ MessageId: 'a' }, { MessageId: 'b' }];
  it('reads batchItemFailures as Lambda does', () => {
    expect(failuresOf(undefined, messages)).toEqual(new Set());
    expect(failuresOf(null, messages)).toEqual(new Set());
    expect(failuresOf({ batchItemFailures: [] }, messages)).toEqual(new Set());
    expect(failuresOf({ batchItemFailures: [{ itemIdentifier: 'b' }] }, messages)).toEqual(new Set(['b']));
    // An identifier that is empty or not in the batch fails the whole batch.
    expect(failuresOf({ batchItemFailures: [{ itemIdentifier: '' }] }, messages)).toEqual(new Set(['a', 'b']));
    expect(failuresOf({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, messages)).toEqual(new Set(['a', 'b']));
    expect(failuresOf({ batchItemFailures: [{ id: 'a' }] }, messages)).toEqual(new Set(['a', 'b']));
  });
});
