// Dead letters, end to end on the twin: a scoring failure that persists goes through the real
// retries into the DLQ, the recorder marks the submission failed with the attempts and the last
// error, the tenant's admin lists it (nobody else sees it), and after the fault is fixed a redrive
// scores the submission. The scoring queue is shortened (1-s visibility, 2 receives) and its
// worker is a fixture that fails on purpose while a table flag is set. A message that breaks the
// scoring queue's contract skips the retries: the worker sends it to the DLQ with the reason, and
// it is listed for its tenant, or (naming none) for the operator tenant's admins.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { until } from '../support/twin-api.ts';

const testWiring: Wiring = {
  ...wiring,
  functions: {
    ...wiring.functions,
    scoringWorker: { ...wiring.functions.scoringWorker, entry: 'test/fixtures/functions/faulty-scoring-worker.ts' },
  },
  // Retries and the move to the DLQ in seconds (the stack's 6x rule does not bind a test queue).
  queues: { ...wiring.queues, scoring: { ...wiring.queues.scoring, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } },
};

const FAULT_FLAG = { PK: 'TEST#SCORING_FAULT', SK: 'FLAG' };

let twin: Twin;
let table: DynamoDBDocumentClient;
const tokens = {} as Record<'alphaAdmin' | 'alphaMaintainer' | 'alphaViewer' | 'betaAdmin', string>;
let agentKey = '';
let benchmarkId = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = any;

async function call(method: string, path: string, credential: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${twin.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, text };
}

const submissionIn = (submissionId: string, status: string) =>
  until(async () => {
    const res = await call('GET', `/v1/submissions/${submissionId}`, tokens.alphaMaintainer);
    return res.body?.status === status ? res.body : undefined;
  }, `${submissionId} to be ${status}`);

async function submit(metadata: Record<string, unknown>, correlationId: string): Promise<string> {
  const res = await call(
    'POST',
    `/v1/benchmarks/${benchmarkId}/submissions`,
    agentKey,
    { answers: [{ task_id: 't1', output: 'a' }], metadata },
    { 'x-correlation-id': correlationId },
  );
  expect(res.status, res.text).toBe(202);
  return res.body.submission_id;
}

beforeAll(async () => {
  twin = await startTwin({
    wiring: testWiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-dead-letters-')),
    onLog: (fn, line) => void (process.env.TWIN_LOGS && console.log(fn, line)),
  });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  await table.send(new PutCommand({ TableName: twin.engines.tableName, Item: FAULT_FLAG }));

  tokens.alphaAdmin = twin.issuer.mint({ tenant: 'alpha', roles: ['admin'] });
  tokens.alphaMaintainer = twin.issuer.mint({ tenant: 'alpha', roles: ['maintainer'] });
  tokens.alphaViewer = twin.issuer.mint({ tenant: 'alpha', roles: ['viewer'] });
  tokens.betaAdmin = twin.issuer.mint({ tenant: 'beta', roles: ['admin'] });
  const benchmark = await call('POST', '/v1/benchmarks', tokens.alphaMaintainer, {
    name: 'dead-letter-bench',
    tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  });
  expect(benchmark.status, benchmark.text).toBe(201);
  benchmarkId = benchmark.body.benchmark_id;
  const agent = await call('POST', '/v1/agents', tokens.alphaMaintainer, { name: 'dead-letter-agent' });
  expect(agent.status, agent.text).toBe(201);
  agentKey = agent.body.api_key;
});
afterAll(() => twin?.stop());

describe('a scoring failure that persists', () => {
  let poisoned = '';

  it('ends failed with the attempts and the last error, while other submissions score', async () => {
    poisoned = await submit({ fail_scoring: true }, 'corr-poisoned');
    const healthy = await submit({}, 'corr-healthy');

    expect((await submissionIn(healthy, 'scored')).score).toBe(1);
    const failed = await submissionIn(poisoned, 'failed');
    expect(failed.failure_reason).toBe(`scoring failed 2 times: injected scoring fault for ${poisoned}`);
  });

  it('gives the failed submission’s daily quota back', async () => {
    // Another tenant, so alpha's dead-letter listing below stays exactly one record.
    const gamma = twin.issuer.mint({ tenant: 'gamma', roles: ['maintainer'] });
    const limited = await call('POST', '/v1/benchmarks', gamma, {
      name: 'one-a-day',
      daily_submission_limit: 1,
      tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
    });
    const agent = await call('POST', '/v1/agents', gamma, { name: 'one-a-day-agent' });
    const path = `/v1/benchmarks/${limited.body.benchmark_id}/submissions`;
    const body = (metadata: Record<string, unknown>) => ({ answers: [{ task_id: 't1', output: 'a' }], metadata });
    const doomed = await call('POST', path, agent.body.api_key, body({ fail_scoring: true }));
    expect(doomed.status, doomed.text).toBe(202);
    expect((await call('POST', path, agent.body.api_key, body({}))).status).toBe(429);
    await until(async () => {
      const res = await call('GET', `/v1/submissions/${doomed.body.submission_id}`, gamma);
      return res.body?.status === 'failed' ? true : undefined;
    }, 'the doomed submission to fail');
    expect((await call('POST', path, agent.body.api_key, body({}))).status).toBe(202);
  });

  it('is listed for its tenant’s admin with queue, body, attributes, attempts, last error and times', async () => {
    const res = await call('GET', '/v1/admin/dead-letters?queue=scoring', tokens.alphaAdmin);
    expect(res.status, res.text).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.items).toHaveLength(1);
    const [letter] = res.body.items;
    expect(letter).toMatchObject({
      queue: 'scoring',
      body: { tenant_id: 'alpha', submission_id: poisoned, reason: 'submitted' },
      message_attributes: { correlation_id: { data_type: 'String', string_value: 'corr-poisoned' } },
      correlation_id: 'corr-poisoned',
      attempts: 2,
      last_error: `injected scoring fault for ${poisoned}`,
      redriven_at: null,
    });
    expect(letter.message_id).toEqual(expect.any(String));
    expect(Date.parse(letter.first_seen_at)).toBeLessThanOrEqual(Date.parse(letter.last_seen_at));
    expect(Date.parse(letter.last_seen_at)).toBeLessThanOrEqual(Date.parse(letter.recorded_at));
  });

  it('is invisible to another tenant’s admin and refused to a viewer', async () => {
    const beta = await call('GET', '/v1/admin/dead-letters?queue=scoring', tokens.betaAdmin);
    expect(beta.status).toBe(200);
    expect(beta.body).toEqual({ items: [], next_cursor: null });
    expect((await call('POST', '/v1/admin/dead-letters/scoring/redrive', tokens.betaAdmin)).body).toEqual({ redriven: 0 });
    expect((await call('GET', `/v1/submissions/${poisoned}`, tokens.alphaMaintainer)).body.status).toBe('failed');

    const viewer = await call('GET', '/v1/admin/dead-letters?queue=scoring', tokens.alphaViewer);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe('forbidden');
    expect((await call('POST', '/v1/admin/dead-letters/scoring/redrive', tokens.alphaViewer)).status).toBe(403);
  });

  it('refuses an unknown or missing queue name with 400', async () => {
    for (const path of ['/v1/admin/dead-letters?queue=nosuch', '/v1/admin/dead-letters', '/v1/admin/dead-letters?queue=scoring-dlq']) {
      const res = await call('GET', path, tokens.alphaAdmin);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const redrive = await call('POST', '/v1/admin/dead-letters/nosuch/redrive', tokens.alphaAdmin);
    expect(redrive.status).toBe(400);
    expect(redrive.body.error.code).toBe('validation_failed');
  });

  it('after the fault is fixed, a redrive (202, count) scores the submission and the record shows redriven_at', async () => {
    await table.send(new DeleteCommand({ TableName: twin.engines.tableName, Key: FAULT_FLAG }));

    const res = await call('POST', '/v1/admin/dead-letters/scoring/redrive', tokens.alphaAdmin, undefined, { 'x-correlation-id': 'corr-redrive' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ redriven: 1 });

    const scored = await submissionIn(poisoned, 'scored');
    expect(scored).toMatchObject({ score: 1, failure_reason: null });
    expect(scored.transitions.map((t: { status: string }) => t.status)).toEqual(expect.arrayContaining(['failed', 'queued', 'scored']));

    const list = await call('GET', '/v1/admin/dead-letters?queue=scoring', tokens.alphaAdmin);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].redriven_at).toEqual(expect.any(String));
    // Nothing is left to send back.
    expect((await call('POST', '/v1/admin/dead-letters/scoring/redrive', tokens.alphaAdmin)).body).toEqual({ redriven: 0 });

    const audit = await call('GET', '/v1/audit?action=dead_letter.redrive', tokens.alphaAdmin);
    expect(audit.body.items.find((e: Json) => e.correlation_id === 'corr-redrive')).toMatchObject({
      action: 'dead_letter.redrive',
      resource: '/v1/admin/dead-letters/scoring/redrive',
      status: 202,
    });
  });
});

describe('the recorder', () => {
  const dlqArn = () => `arn:aws:sqs:us-east-1:000000000000:${twin.engines.deadLetterQueueUrl('scoring').split('/').pop()}`;
  const dlqEvent = (messageId: string, body: string): SQSEvent => ({
    Records: [
      {
        messageId,
        receiptHandle: `rh-${messageId}`,
        body,
        attributes: {
          ApproximateReceiveCount: '4',
          SentTimestamp: String(Date.now() - 5000),
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: String(Date.now() - 4000),
        },
        messageAttributes: { correlation_id: { stringValue: `corr-${messageId}`, stringListValues: [], binaryListValues: [], dataType: 'String' } },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: dlqArn(),
        awsRegion: 'us-east-1',
      },
    ],
  });
  const partition = async (pk: string) =>
    (
      await table.send(
        new QueryCommand({ TableName: twin.engines.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }),
      )
    ).Items ?? [];

  it('records a redelivered DLQ message once', async () => {
    const event = dlqEvent('redelivered-1', JSON.stringify({ tenant_id: 'gamma', submission_id: 'sub_00000000000000000000000000', reason: 'sweep' }));
    expect(await twin.invoke('deadLetterRecorder', event)).toEqual({ batchItemFailures: [] });
    expect(await twin.invoke('deadLetterRecorder', event)).toEqual({ batchItemFailures: [] });

    const items = (await partition('TENANT#gamma#DEADLETTER#scoring')).filter((item) => item.message_id === 'redelivered-1');
    expect(items).toHaveLength(1);
    // No failure was remembered for this message: the DLQ's receive count stands in.
    expect(items[0]).toMatchObject({ attempts: 4, last_error: null });
  });

  it('keeps a message without a tenant in a partition no tenant reads', async () => {
    const event = dlqEvent('tenantless-1', 'not json at all');
    expect(await twin.invoke('deadLetterRecorder', event)).toEqual({ batchItemFailures: [] });
    const items = await partition('SYSTEM#DEADLETTER#scoring');
    expect(items.map((item) => item.message_id)).toContain('tenantless-1');
    expect(items.find((item) => item.message_id === 'tenantless-1')).toMatchObject({ body: 'not json at all', tenant_id: null });
  });
});

describe('a message that breaks the scoring queue’s contract', () => {
  const sqs = () => new SQSClient({});
  const send = (body: string, correlationId: string) =>
    sqs().send(
      new SendMessageCommand({
        QueueUrl: twin.engines.queueUrl('scoring'),
        MessageBody: body,
        MessageAttributes: { correlation_id: { DataType: 'String', StringValue: correlationId } },
      }),
    );
  const listed = (token: string, query: string, correlationId: string) =>
    until(async () => {
      const res = await call('GET', `/v1/admin/dead-letters?${query}`, token);
      expect(res.status, res.text).toBe(200);
      return (res.body.items as Json[]).find((item) => item.correlation_id === correlationId);
    }, `the dead letter ${correlationId} to be listed (${query})`);

  it('is listed with the reason in the platform’s listing when it is not JSON, and in its tenant’s when it names one; scoring goes on', async () => {
    const operator = twin.issuer.mint({ tenant: 'demo', roles: ['admin'] });
    const deltaAdmin = twin.issuer.mint({ tenant: 'delta', roles: ['admin'] });
    await send('this is not json {', 'corr-garbage-platform');
    await send(JSON.stringify({ tenant_id: 'delta', note: 'no submission here' }), 'corr-garbage-delta');
    const healthy = await submit({}, 'corr-healthy-after-garbage');

    const platform = await listed(operator, 'queue=scoring&scope=platform', 'corr-garbage-platform');
    expect(platform).toMatchObject({ queue: 'scoring', body: 'this is not json {', last_error: 'Not a scoring message: the body is not JSON' });
    expect(platform.message_attributes.validation_error).toEqual({ data_type: 'String', string_value: platform.last_error });

    const tenant = await listed(deltaAdmin, 'queue=scoring', 'corr-garbage-delta');
    expect(tenant).toMatchObject({ queue: 'scoring', body: { tenant_id: 'delta', note: 'no submission here' } });
    expect(tenant.last_error).toMatch(/^Not a scoring message: submission_id: .*; reason: /);

    expect((await submissionIn(healthy, 'scored')).score).toBe(1);
    // Each is one dead letter (however many times SQS delivered it), where it belongs: not in the other listing.
    const platformItems = (await call('GET', '/v1/admin/dead-letters?queue=scoring&scope=platform', operator)).body.items as Json[];
    expect(platformItems.map((item) => item.correlation_id)).not.toContain('corr-garbage-delta');
    const deltaItems = (await call('GET', '/v1/admin/dead-letters?queue=scoring', deltaAdmin)).body.items as Json[];
    expect(deltaItems.map((item) => item.correlation_id)).toEqual(['corr-garbage-delta']);
  });

  it('keeps the platform’s listing to the operator tenant’s admins', async () => {
    const refused = await call('GET', '/v1/admin/dead-letters?queue=scoring&scope=platform', tokens.alphaAdmin);
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const viewer = await call('GET', '/v1/admin/dead-letters?queue=scoring&scope=platform', twin.issuer.mint({ tenant: 'demo', roles: ['viewer'] }));
    expect(viewer.status).toBe(403);
  });
});
