// External engines on moto's server (the moto project's globalSetup starts it): the twin creates
// the declared table (indexes, TTL), queues, DLQs and redrive policies when missing, hands out queue
// URLs on the endpoint it was given with the engine's own account, completes an older table, brings
// existing queues to the declaration, and leaves everything in place at stop.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Wiring } from '#infra/wiring-types.ts';
import { engineTestWiring } from '../support/engine-wiring.ts';
import { startTwinEngines, type TwinEngines } from '#infra/local/external-engines.ts';
import { queueArnFromUrl } from '#infra/local/aws-env.ts';

const wiring = engineTestWiring;

const moto = inject('motoUrl');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const unique = () => `ext-${randomBytes(4).toString('hex')}`;

describe('startTwinEngines on an external DynamoDB and SQS (moto)', () => {
  const name = unique();
  let engines: TwinEngines;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    engines = await startTwinEngines({ wiring, dynamodbEndpoint: moto, sqsEndpoint: moto, tableName: name, queuePrefix: `${name}-` });
    dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: moto, credentials });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: moto, credentials });
  });
  afterAll(async () => {
    dynamodb?.destroy();
    sqs?.destroy();
    await engines?.stop();
  });

  it('names the external endpoints and starts no embedded engine', () => {
    expect(engines.external).toEqual({ dynamodb: true, sqs: true });
    expect(engines.dynamodbEndpoint).toBe(moto);
    expect(engines.sqsEndpoint).toBe(moto);
    expect(engines.tableName).toBe(name);
  });

  it('creates the declared table with every GSI and TTL on the declared attribute', async () => {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
  });

  it('creates each queue with its DLQ and redrive policy, at URLs on the given endpoint with the engine’s account', async () => {
    const url = engines.queueUrl('scoring');
    expect(url).toBe(`${moto}/123456789012/${name}-scoring`); // moto's default account, not the twin's 000000000000
    expect(engines.deadLetterQueueUrl('scoring')).toBe(`${moto}/123456789012/${name}-scoring-dlq`);
    expect(() => engines.queueUrl('nope')).toThrow(/Unknown queue/);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes?.VisibilityTimeout).toBe('30');
    expect(Attributes?.MessageRetentionPeriod).toBe(String(7 * 24 * 3600));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${name}-scoring-dlq`,
      maxReceiveCount: 3,
    });
    // The pollers' eventSourceARN is the queue's real ARN (the dead-letter recorder reads it).
    const { Attributes: arn } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engines.deadLetterQueueUrl('scoring'), AttributeNames: ['QueueArn'] }),
    );
    expect(queueArnFromUrl(engines.deadLetterQueueUrl('scoring'))).toBe(arn?.QueueArn);
    const { Attributes: dlq } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engines.deadLetterQueueUrl('scoring'), AttributeNames: ['All'] }),
    );
    expect(dlq?.VisibilityTimeout).toBe('60');
    expect(dlq?.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
  });

  it('leaves table, items, queues and messages in place at stop; a restart finds and reuses them', async () => {
    await dynamodb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: 'kept' }, SK: { S: 'item' } } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl('delivery'), MessageBody: 'kept' }));
    await engines.stop();

    const changed: Wiring = { ...wiring, queues: { ...wiring.queues, delivery: { ...wiring.queues.delivery!, visibilityTimeoutSeconds: 7 } } };
    engines = await startTwinEngines({ wiring: changed, dynamodbEndpoint: moto, sqsEndpoint: moto, tableName: name, queuePrefix: `${name}-` });
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: name, Key: { PK: { S: 'kept' }, SK: { S: 'item' } } }));
    expect(Item?.PK?.S).toBe('kept');
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: engines.queueUrl('delivery'), WaitTimeSeconds: 1 }));
    expect(Messages?.[0]?.Body).toBe('kept');
    // An existing queue is brought to the declaration, as a stack update would.
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engines.queueUrl('delivery'), AttributeNames: ['VisibilityTimeout'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('7');
  });
});

describe('startTwinEngines with an older table on the external engine', () => {
  it('adds the declared indexes the table lacks', async () => {
    const name = unique();
    const dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: moto, credentials });
    try {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'GSI1',
              KeySchema: [
                { AttributeName: 'GSI1PK', KeyType: 'HASH' },
                { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      const engines = await startTwinEngines({ wiring, dynamodbEndpoint: moto, tableName: name, queuePrefix: `${name}-` });
      try {
        expect(engines.external).toEqual({ dynamodb: true, sqs: false });
        expect(engines.sqsEndpoint).not.toBe(moto); // the embedded fauxqs
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
        expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
      } finally {
        await engines.stop();
      }
    } finally {
      dynamodb.destroy();
    }
  });
});
