import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '../../test/support/lambda.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  vi.stubEnv('QUEUE_URLS', JSON.stringify({ jobs: 'http://sqs/000000000000/jobs', 'jobs-dlq': 'http://sqs/000000000000/jobs-dlq' }));
  vi.stubEnv('MAX_BODY_BYTES', '262144'); // a declared setting: the stack and the twin always set it
  ({ handler } = (await import('./health.ts')) as never);
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
});

const check = async () => {
  const res = await handler(httpEvent({ routeKey: 'GET /health' }), lambdaContext('health'));
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

describe('GET /health', () => {
  it('is 200 when the table and every queue answer', async () => {
    dynamo.on(GetCommand).resolves({});
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
    const { status, body } = await check();
    expect(status).toBe(200);
    expect(body.checks.map((c: { name: string }) => c.name).sort()).toEqual(['queue:jobs', 'queue:jobs-dlq', 'table']);
    expect(
      sqs
        .commandCalls(GetQueueAttributesCommand)
        .map((c) => c.args[0].input.QueueUrl)
        .sort(),
    ).toEqual(['http://sqs/000000000000/jobs', 'http://sqs/000000000000/jobs-dlq']);
  });

  it('is 503 naming the dependency that failed, without its internals', async () => {
    dynamo.on(GetCommand).resolves({});
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: 'http://sqs/000000000000/jobs' })
      .rejects(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1'), { name: 'QueueDoesNotExist' }));
    sqs.on(GetQueueAttributesCommand, { QueueUrl: 'http://sqs/000000000000/jobs-dlq' }).resolves({});
    const { status, body } = await check();
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.checks.find((c: { name: string }) => c.name === 'queue:jobs')).toMatchObject({ ok: false, error: 'QueueDoesNotExist' });
    expect(JSON.stringify(body)).not.toContain('10.0.0.1');
  });

  it('is 503 when the table does not answer', async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('down'), { name: 'ResourceNotFoundException' }));
    sqs.on(GetQueueAttributesCommand).resolves({});
    expect((await check()).status).toBe(503);
  });
});
