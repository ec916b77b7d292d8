// An exception inside an embedded engine answers that request 500 as the service does for its own
// internal errors, is logged, and the engine keeps serving. Before the guard, a deeply nested document
// overflowed dynalite's validation stack and the throw ended the whole process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Wiring } from '#infra/wiring-types.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { postDeepPutItem } from '../support/deep-item.ts';

const wiring: Wiring = {
  service: 'scorecast',
  table: { partitionKey: 'PK', sortKey: 'SK', ttlAttribute: 'expires_at', indexes: {} },
  functions: { worker: { entry: 'test/fixtures/functions/queue-worker.ts', description: 'worker', memoryMb: 256, timeoutSeconds: 5 } },
  authorizer: { function: 'worker', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues: {
    scoring: { consumer: 'worker', batchSize: 5, batchingWindowSeconds: 0, visibilityTimeoutSeconds: 30, maxReceiveCount: 3, maxConcurrency: 1 },
  },
  schedules: {},
  settings: {},
};

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function nested(depth: number): AttributeValue {
  let value: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < depth; i++) value = { M: { a: value } };
  return value;
}

describe('an exception inside an embedded engine', () => {
  let engines: Engines;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  const logged: { engine: string; error: unknown }[] = [];

  beforeAll(async () => {
    engines = await startEngines({ wiring, onEngineError: (engine, error) => void logged.push({ engine, error }) });
    dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials, endpoint: engines.dynamodbEndpoint, maxAttempts: 1 });
    sqs = new SQSClient({ region: 'us-east-1', credentials, endpoint: engines.sqsEndpoint, maxAttempts: 1 });
  });
  afterAll(async () => {
    dynamodb?.destroy();
    sqs?.destroy();
    await engines?.stop();
  });

  it('in dynalite (a 20,000-deep PutItem overflows its validation) answers 500 InternalServerError, is logged, and DynamoDB keeps serving', async () => {
    logged.length = 0;
    // Raw: the SDK's own serialiser would overflow first. (How deep overflows dynalite depends on
    // how far V8 has optimised its recursion: 1,000 levels did in a fresh twin; 20,000 always does.)
    const raw = await postDeepPutItem(engines.dynamodbEndpoint, 'scorecast', 20_000);
    expect(raw.status).toBe(500);
    expect(await raw.json()).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
    expect(logged.map((l) => l.engine)).toEqual(['dynamodb']);
    expect(logged[0]!.error).toBeInstanceOf(RangeError);

    await dynamodb.send(new PutItemCommand({ TableName: 'scorecast', Item: { PK: { S: 'after' }, SK: { S: 'after' }, value: nested(20) } }));
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'scorecast', Key: { PK: { S: 'after' }, SK: { S: 'after' } } }));
    expect(Item?.value).toEqual(nested(20));
  });

  it('in fauxqs (a null message attribute makes SendMessage throw a TypeError) answers 500 InternalFailure, is logged, and SQS keeps serving', async () => {
    logged.length = 0;
    const response = await fetch(`${engines.sqsEndpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify({ QueueUrl: engines.queueUrl('scoring'), MessageBody: 'x', MessageAttributes: { broken: null } }),
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.InternalFailure;Receiver');
    expect(((await response.json()) as { __type: string }).__type).toBe('com.amazonaws.sqs#InternalFailure');
    expect(logged.map((l) => l.engine)).toEqual(['sqs']);
    expect(logged[0]!.error).toBeInstanceOf(TypeError);

    await sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl('scoring'), MessageBody: 'still serving' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: engines.queueUrl('scoring'), WaitTimeSeconds: 1 }));
    expect(Messages?.map((m) => m.Body)).toEqual(['still serving']);
  });
  it('in a dynalite action (a second engine on a data directory another holds: its LevelDB is closed) answers 500 and logs it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scorecast-guard-'));
    const first = await startEngines({ wiring, persistDir: dir, onEngineError: () => undefined });
    const errors: unknown[] = [];
    try {
      // The second store cannot open the locked LevelDB; each action reports an error that is not
      // one of dynalite's API errors, which dynalite itself would rethrow and end the process with.
      const second = startEngines({ wiring, persistDir: dir, onEngineError: (_engine, error) => void errors.push(error) });
      await expect(second).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
      expect(errors.length).toBeGreaterThan(0);
      expect(String(errors[0])).toMatch(/closed|lock/i);
      // and the first engine, in the same process, serves on
      await expect(first.stop()).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
