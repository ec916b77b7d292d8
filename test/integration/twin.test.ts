// The foundation, tried the way a user tries it: the twin started in-process from the wiring
// (plus a test queue), called with real HTTP and WebSocket clients and the real AWS SDK.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { signJwt, tokenClaims } from '#infra/local/issuer.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { until } from '../support/twin-api.ts';

const testWiring: Wiring = {
  ...wiring,
  functions: {
    ...wiring.functions,
    jobsWorker: {
      entry: 'test/fixtures/functions/counting-worker.ts',
      description: 'test worker',
      memoryMb: 256,
      timeoutSeconds: 3,
      uses: [{ table: 'readWrite' }],
    },
  },
  // Short visibility so the retry path runs in seconds (the stack's rules don't bind a test queue).
  queues: {
    ...wiring.queues,
    jobs: {
      consumer: 'jobsWorker',
      batchSize: 5,
      batchingWindowSeconds: 1,
      visibilityTimeoutSeconds: 3, // above the 1-s window plus an invocation: SQS (moto) redelivers a message still in a batch past it
      maxReceiveCount: 2,
      maxConcurrency: 2,
    },
  },
};

let twin: Twin;
const logs: string[] = [];

beforeAll(async () => {
  twin = await startTwin({
    wiring: testWiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-twin-')),
    onLog: (fn, line) => {
      logs.push(`[${fn}] ${line}`);
      if (process.env.TWIN_LOGS) console.log(fn, line);
    },
  });
});
afterAll(() => twin?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${twin.httpUrl}${path}`, { headers });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const json = async (res: Response): Promise<any> => res.json();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('HTTP API on the twin', () => {
  it('GET /health checks the table and every queue and DLQ', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe('ok');
    const queues = Object.keys(testWiring.queues).flatMap((q) => [`queue:${q}`, `queue:${q}-dlq`]);
    expect(body.checks.map((c: { name: string }) => c.name).sort()).toEqual([...queues, 'table'].sort());
    expect(queues).toContain('queue:jobs-dlq');
  });

  it('GET /v1/whoami answers the demo admin with the contract’s fields and echoes the correlation id', async () => {
    const res = await get('/v1/whoami', { ...bearer(twin.local.tokens.admin), 'x-correlation-id': 'corr-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('corr-1');
    expect(await res.json()).toEqual({
      tenant_id: 'demo',
      principal_type: 'user',
      principal_id: 'demo-admin',
      roles: ['admin'],
      locations: null,
      agent_id: null,
    });
  });

  it('carries locations from the token', async () => {
    const token = twin.issuer.mint({ tenant: 'acme', roles: ['viewer'], sub: 'v', locations: ['paris', 'lyon'] });
    expect(await (await get('/v1/whoami', bearer(token))).json()).toMatchObject({ tenant_id: 'acme', locations: ['paris', 'lyon'] });
  });

  it.each([
    [
      'signed by another key with the real kid',
      () =>
        signJwt(
          tokenClaims(twin.issuer.issuer, { tenant: 'demo', roles: ['admin'] }),
          generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
          twin.issuer.kid,
        ),
    ],
    ['expired', () => twin.issuer.mint({ tenant: 'demo', roles: ['admin'], ttlSeconds: -30 })],
    [
      'alg none',
      () => {
        const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(tokenClaims(twin.issuer.issuer, { tenant: 'demo', roles: ['admin'] }))}.`;
      },
    ],
    ['not a JWT', () => 'garbage'],
  ])('answers 401 in our envelope for a token %s', async (_, token) => {
    const res = await get('/v1/whoami', bearer(token()));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'unauthorized', correlation_id: res.headers.get('x-correlation-id') });
  });

  it('answers API Gateway’s own 401 when there is no Authorization header', async () => {
    const res = await get('/v1/whoami');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });

  it('serves the OpenAPI document with every declared route', async () => {
    const doc = await json(await get('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    for (const route of testWiring.http.routes) expect(doc.paths[route.path][route.method.toLowerCase()]).toBeDefined();
  });

  it('answers a CORS preflight as the stack configures it', async () => {
    const res = await fetch(`${twin.httpUrl}/v1/whoami`, {
      method: 'OPTIONS',
      headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });

  it('never logs a token', () => {
    const tokens = Object.values(twin.local.tokens);
    for (const line of logs) for (const token of tokens) expect(line).not.toContain(token.split('.')[2]);
  });
});

describe('WebSocket API on the twin', () => {
  const open = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  const nextMessage = (socket: WebSocket) =>
    new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));

  it('refuses a connection without a token (401) and with a bad one (403)', async () => {
    await expect(open(twin.wsUrl)).rejects.toThrow('HTTP 401');
    await expect(open(`${twin.wsUrl}?token=garbage`)).rejects.toThrow('HTTP 403');
  });

  it('connects with a token, answers ping through @connections, and reports the connection gone after it closes', async () => {
    const socket = await open(`${twin.wsUrl}?token=${twin.local.tokens.viewer}`);
    const reply = nextMessage(socket);
    socket.send(JSON.stringify({ action: 'ping', id: 'p1' }));
    expect(await reply).toMatchObject({ type: 'pong', id: 'p1' });

    const unknown = nextMessage(socket);
    socket.send(JSON.stringify({ action: 'dance', id: 'p2' }));
    expect(await unknown).toMatchObject({ type: 'error', code: 'unknown_action', id: 'p2' });

    // Our connection id, from the registry the $connect handler wrote.
    const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const { Items } = await table.send(
      new QueryCommand({
        TableName: twin.engines.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :p',
        ExpressionAttributeValues: { ':p': 'TENANT#demo#PRINCIPAL#demo-viewer' },
      }),
    );
    expect(Items).toHaveLength(1);
    const connectionId = Items![0]!.connection_id as string;

    const management = new ApiGatewayManagementApiClient({ endpoint: twin.callbackUrl });
    const pushed = nextMessage(socket);
    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify({ hello: 'dashboard' }) }));
    expect(await pushed).toEqual({ hello: 'dashboard' });

    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close();
    await closed;
    await until(async () => {
      const { Item } = await table.send(new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `CONN#${connectionId}`, SK: 'CONN' } }));
      return Item ? undefined : true;
    });
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' }))).rejects.toMatchObject({
      name: 'GoneException',
      $metadata: { httpStatusCode: 410 },
    });
  });
});

describe('queues on the twin', () => {
  it('deletes a failing message’s neighbours and moves it to the DLQ after maxReceiveCount', async () => {
    const sqs = new SQSClient({});
    const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const run = Date.now().toString(36);
    const jobs = ['a', 'b', 'c', 'd'].map((id) => ({ id: `${run}-${id}` }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: twin.engines.queueUrl('jobs'),
        Entries: [...jobs, { id: `${run}-poison`, fail: true }].map((job, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify(job),
          MessageAttributes: { correlation_id: { DataType: 'String', StringValue: `corr-${job.id}` } },
        })),
      }),
    );

    const dead = await until(async () => {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: twin.engines.deadLetterQueueUrl('jobs'),
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      return Messages?.[0];
    }, 20_000);
    expect(JSON.parse(dead.Body!)).toEqual({ id: `${run}-poison`, fail: true });

    for (const job of jobs) {
      const { Item } = await table.send(new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `TEST#${job.id}`, SK: 'COUNT' } }));
      expect(Item, job.id).toMatchObject({ processed: 1, correlation_id: `corr-${job.id}` });
    }
  });
});

describe('sample events', () => {
  const eventFiles = readdirSync('events').filter((file) => file.endsWith('.json'));
  const functionOf = (file: string) => file.split('.')[0]!;

  it('exist for every declared function', () => {
    for (const fn of Object.keys(wiring.functions)) expect(eventFiles.map(functionOf), fn).toContain(fn);
  });

  it.each(eventFiles)('%s runs on the twin without a function error or a 5xx', async (file) => {
    const event = JSON.parse(readFileSync(join('events', file), 'utf8'));
    const result = (await twin.invoke(functionOf(file), event)) as { statusCode?: number };
    if (result && typeof result === 'object' && 'statusCode' in result) expect(result.statusCode).toBeLessThan(500);
  });
});
