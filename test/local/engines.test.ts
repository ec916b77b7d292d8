// The embedded engines hold exactly the declared table, indexes, queues, DLQs and redrive policies,
// a client configured only by the twin's environment reaches them, and stop() leaves nothing open.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Wiring } from '#infra/wiring-types.ts';
import { engineTestWiring } from '../support/engine-wiring.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { awsEnvironment } from '#infra/local/aws-env.ts';

const wiring = engineTestWiring;

/** Clients configured the way a function's are: only by the environment the twin gives it (read lazily by the SDK). */
function useEnvironment(env: Record<string, string>): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  return () => {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('startEngines', () => {
  let engines: Engines;
  let startMs: number;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  const warnings: string[] = [];
  let restoreEnvironment = () => {};

  beforeAll(async () => {
    const started = performance.now();
    engines = await startEngines({ wiring });
    startMs = performance.now() - started;
    restoreEnvironment = useEnvironment(awsEnvironment(engines));
    dynamodb = new DynamoDBClient({});
    sqs = new SQSClient({ logger: { debug() {}, info() {}, warn: (m: unknown) => void warnings.push(String(m)), error() {} } });
  });
  afterAll(async () => {
    dynamodb?.destroy();
    sqs?.destroy();
    restoreEnvironment();
    await engines?.stop();
  });

  it('starts both engines on loopback well under a second', () => {
    console.info(`engines started in ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(1000);
    expect(engines.dynamodbEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(engines.sqsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(engines.tableName).toBe('scorecast');
    expect(engines.queueNames()).toEqual(['scoring', 'delivery']);
  });

  it('creates the declared table: PK/SK, every GSI projecting ALL, on demand', async () => {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'scorecast' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
    expect(Object.keys(indexes).sort()).toEqual(['GSI1', 'GSI2']);
    expect(indexes.GSI2?.KeySchema).toEqual([
      { AttributeName: 'GSI2PK', KeyType: 'HASH' },
      { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
    ]);
    expect(indexes.GSI1?.Projection).toEqual({ ProjectionType: 'ALL' });
  });

  it('creates each queue after its DLQ, with visibility, retention and the redrive policy', async () => {
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls?.sort()).toEqual(
      ['scorecast-delivery', 'scorecast-delivery-dlq', 'scorecast-scoring', 'scorecast-scoring-dlq'].map(
        (name) => `${engines.sqsEndpoint}/000000000000/${name}`,
      ),
    );
    expect(engines.queueUrl('scoring')).toBe(`${engines.sqsEndpoint}/000000000000/scorecast-scoring`);
    expect(engines.deadLetterQueueUrl('scoring')).toBe(`${engines.sqsEndpoint}/000000000000/scorecast-scoring-dlq`);
    expect(() => engines.queueUrl('nope')).toThrow(/Unknown queue/);

    const { Attributes: scoring } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: engines.queueUrl('scoring'), AttributeNames: ['All'] }));
    expect(scoring?.VisibilityTimeout).toBe('30');
    expect(scoring?.MessageRetentionPeriod).toBe(String(7 * 24 * 3600));
    expect(JSON.parse(scoring?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:scorecast-scoring-dlq',
      maxReceiveCount: 3,
    });
    const { Attributes: delivery } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engines.queueUrl('delivery'), AttributeNames: ['All'] }),
    );
    expect(delivery?.VisibilityTimeout).toBe('45');
    expect(delivery?.MessageRetentionPeriod).toBe(String(4 * 24 * 3600));
    expect(JSON.parse(delivery?.RedrivePolicy ?? '{}').maxReceiveCount).toBe(8);
    const { Attributes: dlq } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engines.deadLetterQueueUrl('scoring'), AttributeNames: ['All'] }),
    );
    expect(dlq?.RedrivePolicy).toBeUndefined();
    expect(dlq?.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
    expect(dlq?.VisibilityTimeout).toBe('60'); // 6 × the recorder's timeout
  });

  it('serves a plain SDK client configured only by the environment, with the URLs it hands out', async () => {
    await dynamodb.send(new PutItemCommand({ TableName: 'scorecast', Item: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'scorecast', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    expect(Item?.PK?.S).toBe('a');

    const url = engines.queueUrl('delivery');
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(Messages?.[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'hello' });
    // GetQueueUrl answers with the same loopback URL, so code that looks a queue up by name works too.
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'scorecast-delivery' }));
    expect(QueueUrl).toBe(url);
    // The queue URL's origin is the endpoint, so the SDK never redirected a request to another host.
    expect(warnings.filter((w) => w.includes('differs from SQSClient resolved endpoint'))).toEqual([]);
  });

  it('stop() leaves nothing listening', async () => {
    const other = await startEngines({ wiring, tableName: 'other', queuePrefix: 'other-' });
    expect(other.queueUrl('scoring')).toMatch(/\/other-scoring$/);
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: other.dynamodbEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await client.send(new DescribeTableCommand({ TableName: 'other' })); // leaves a keep-alive socket open
    await other.stop();
    client.destroy();
    expect(await isListening(other.dynamodbEndpoint)).toBe(false);
    expect(await isListening(other.sqsEndpoint)).toBe(false);
  });
});

describe('startEngines with persistence', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scorecast-engines-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the table and its items across restarts, and refuses a store lacking a declared index', async () => {
    const first = await startEngines({ wiring, persistDir: dir });
    const client1 = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: first.dynamodbEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await client1.send(new PutItemCommand({ TableName: 'scorecast', Item: { PK: { S: 'kept' }, SK: { S: 'item' } } }));
    client1.destroy();
    await first.stop();

    const second = await startEngines({ wiring, persistDir: dir });
    const client2 = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: second.dynamodbEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      const { Item } = await client2.send(new GetItemCommand({ TableName: 'scorecast', Key: { PK: { S: 'kept' }, SK: { S: 'item' } } }));
      expect(Item?.PK?.S).toBe('kept');
      const { Table } = await client2.send(new DescribeTableCommand({ TableName: 'scorecast' }));
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
    } finally {
      client2.destroy();
      await second.stop();
    }

    const grown: Wiring = {
      ...wiring,
      table: { ...wiring.table, indexes: { ...wiring.table.indexes, GSI3: { partitionKey: 'GSI3PK', sortKey: 'GSI3SK' } } },
    };
    await expect(startEngines({ wiring: grown, persistDir: dir })).rejects.toThrow(/lacks the declared index\(es\) GSI3/);
    // The failed start released its ports and the store: the declared wiring starts again.
    const third = await startEngines({ wiring, persistDir: dir });
    await third.stop();
  });
});
