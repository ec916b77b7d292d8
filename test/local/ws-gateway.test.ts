// The local twin's WebSocket API gateway, with real ws clients, real HTTP and the real
// ApiGatewayManagementApiClient against its @connections endpoint, and a fake function host.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FunctionError, type Invoker } from '#infra/local/invoker.ts';
import { startWebSocketGateway, type WebSocketGateway } from '#infra/local/ws-gateway.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { wiring as baseWiring } from '#infra/wiring.ts';

type Handler = (event: any) => unknown;

function fakeInvoker(handlers: Record<string, Handler>) {
  const calls: Array<{ fn: string; event: any }> = [];
  const waiters: Array<{ fn: string; resolve: (event: any) => void }> = [];
  const invoker: Invoker = {
    async invoke(fn, event) {
      const copy = structuredClone(event);
      calls.push({ fn, event: copy });
      for (const waiter of waiters.filter((w) => w.fn === fn)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(copy);
      }
      const handler = handlers[fn];
      if (!handler) return undefined;
      try {
        return await handler(event);
      } catch (error) {
        if (error instanceof FunctionError) throw error;
        throw new FunctionError(fn, (error as Error).name, (error as Error).message);
      }
    },
  };
  return {
    invoker,
    calls,
    handlers,
    callsTo: (fn: string) => calls.filter((c) => c.fn === fn),
    /** The next invocation of fn (or one already made that matches). */
    next: (fn: string, match: (event: any) => boolean = () => true) =>
      new Promise<any>((resolve) => {
        const done = calls.find((c) => c.fn === fn && match(c.event));
        if (done) return resolve(done.event);
        const waiter = {
          fn,
          resolve: (event: any) => (match(event) ? resolve(event) : waiters.push(waiter)),
        };
        waiters.push(waiter);
      }),
  };
}

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:000000000000:localwsapi/prod/$connect';

const policy = (effect: 'Allow' | 'Deny', resource = METHOD_ARN, context: Record<string, unknown> = { tenant_id: 't1', authenticated: true }) => ({
  principalId: 'user-1',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  context,
});

function defaultHandlers(): Record<string, Handler> {
  return {
    authorizer: (event) => {
      const token = event.queryStringParameters.token;
      if (token === 'deny') return policy('Deny');
      if (token === 'wildcard') return policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:localwsapi/*');
      if (token === 'other-api') return policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:otherapi/*');
      if (token === 'throw') throw new Error('authorizer down');
      return policy('Allow');
    },
    wsConnect: (event) => (event.queryStringParameters.refuse ? { statusCode: Number(event.queryStringParameters.refuse) } : { statusCode: 200 }),
    wsDisconnect: () => ({ statusCode: 200 }),
    wsDefault: () => ({ statusCode: 200 }),
  };
}

const sdk = (endpoint: string) =>
  new ApiGatewayManagementApiClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** A client that remembers every message, its close, and can wait for the next message. */
class Client {
  readonly messages: Array<{ data: Buffer; binary: boolean }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiting: Array<(m: { data: Buffer; binary: boolean }) => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, binary) => {
      const message = { data: data as Buffer, binary };
      const waiter = this.waiting.shift();
      if (waiter) waiter(message);
      else this.messages.push(message);
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }
  next(): Promise<{ data: Buffer; binary: boolean }> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  async nextText(): Promise<string> {
    return (await this.next()).data.toString();
  }
}

/** Opens a connection: the open client, or the HTTP status the handshake was refused with. */
function open(url: string): Promise<Client | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(new Client(ws)));
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('error', (error) => reject(error));
  });
}

async function openClient(url: string): Promise<Client> {
  const client = await open(url);
  if (typeof client === 'number') throw new Error(`refused with ${client}`);
  return client;
}

describe('WebSocket API gateway', () => {
  let gateway: WebSocketGateway;
  let fake: ReturnType<typeof fakeInvoker>;
  const clients: Client[] = [];
  const connectTo = async (query = 'token=good', path = '/prod') => {
    const client = await openClient(`ws://127.0.0.1:${gateway.port}${path}?${query}`);
    clients.push(client);
    const connect = fake.callsTo('wsConnect').at(-1)!.event;
    return { client, connectionId: connect.requestContext.connectionId as string, connectEvent: connect };
  };

  beforeAll(async () => {
    fake = fakeInvoker(defaultHandlers());
    gateway = await startWebSocketGateway({ wiring: baseWiring, invoker: fake.invoker });
  });
  afterAll(() => gateway.close());
  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.ws.close();
      await client.closed;
    }
    fake.calls.length = 0;
    Object.assign(fake.handlers, defaultHandlers());
  });

  it('exposes the stage URL and the callback URL', () => {
    expect(gateway.url).toBe(`ws://127.0.0.1:${gateway.port}/prod`);
    expect(gateway.callbackUrl).toBe(`http://127.0.0.1:${gateway.port}/prod`);
  });

  it('refuses a connection without a token with 401, never invoking the authorizer', async () => {
    expect(await open(gateway.url)).toBe(401);
    expect(await open(`${gateway.url}?token=`)).toBe(401);
    expect(fake.calls).toHaveLength(0);
    expect(gateway.connectionCount()).toBe(0);
  });

  it('refuses a denied token with 403, an authorizer failure with 500, and unknown paths with 404', async () => {
    expect(await open(`${gateway.url}?token=deny`)).toBe(403);
    expect(await open(`${gateway.url}?token=other-api`)).toBe(403);
    expect(await open(`${gateway.url}?token=throw`)).toBe(500);
    expect(fake.callsTo('wsConnect')).toHaveLength(0);
    expect(await open(`ws://127.0.0.1:${gateway.port}/staging?token=good`)).toBe(404);
    fake.handlers.authorizer = () => ({ principalId: 'x' });
    expect(await open(`${gateway.url}?token=good`)).toBe(500);
  });

  it('refuses the upgrade with the status $connect returns, or 500 when it fails', async () => {
    expect(await open(`${gateway.url}?token=good&refuse=429`)).toBe(429);
    fake.handlers.wsConnect = () => {
      throw new Error('no table');
    };
    expect(await open(`${gateway.url}?token=good`)).toBe(500);
    expect(gateway.connectionCount()).toBe(0);
  });

  it('accepts a token the authorizer allows, with the exact authorizer and $connect events', async () => {
    const { connectionId, connectEvent } = await connectTo('token=good&x=1&x=2');
    expect(connectionId).toMatch(/^[A-Za-z0-9+]{15}=$/);
    expect(gateway.connectionCount()).toBe(1);
    const auth = fake.callsTo('authorizer')[0]!.event;
    expect(auth).toEqual({
      type: 'REQUEST',
      methodArn: METHOD_ARN,
      headers: expect.objectContaining({
        Host: `127.0.0.1:${gateway.port}`,
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': expect.any(String),
        'X-Forwarded-For': '127.0.0.1',
        'X-Forwarded-Proto': 'http',
      }),
      multiValueHeaders: expect.objectContaining({ Upgrade: ['websocket'] }),
      queryStringParameters: { token: 'good', x: '2' },
      multiValueQueryStringParameters: { token: ['good'], x: ['1', '2'] },
      stageVariables: {},
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        extendedRequestId: expect.any(String),
        requestTime: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        messageDirection: 'IN',
        stage: 'prod',
        connectedAt: expect.any(Number),
        requestTimeEpoch: expect.any(Number),
        identity: { sourceIp: '127.0.0.1', userAgent: '' },
        requestId: expect.any(String),
        domainName: `127.0.0.1:${gateway.port}`,
        connectionId,
        apiId: 'localwsapi',
      },
    });
    expect(connectEvent).toEqual({
      headers: auth.headers,
      multiValueHeaders: auth.multiValueHeaders,
      queryStringParameters: auth.queryStringParameters,
      multiValueQueryStringParameters: auth.multiValueQueryStringParameters,
      requestContext: {
        ...auth.requestContext,
        authorizer: { tenant_id: 't1', authenticated: true, principalId: 'user-1', integrationLatency: expect.any(Number) },
      },
      isBase64Encoded: false,
    });
  });

  it('accepts connections at / as well as at /<stage>, and a wildcard Allow', async () => {
    await connectTo('token=good', '/');
    await connectTo('token=wildcard', '/prod/');
    expect(gateway.connectionCount()).toBe(2);
  });

  it('routes messages to $default with the authorizer context, text and binary', async () => {
    const { client, connectionId } = await connectTo();
    client.ws.send('{"action":"ping","id":"1"}');
    const event = await fake.next('wsDefault');
    expect(event).toEqual({
      requestContext: {
        routeKey: '$default',
        messageId: expect.stringMatching(/^[A-Za-z0-9+]{15}=$/),
        eventType: 'MESSAGE',
        extendedRequestId: expect.any(String),
        requestTime: expect.any(String),
        messageDirection: 'IN',
        stage: 'prod',
        connectedAt: expect.any(Number),
        requestTimeEpoch: expect.any(Number),
        identity: { sourceIp: '127.0.0.1', userAgent: '' },
        requestId: expect.any(String),
        domainName: `127.0.0.1:${gateway.port}`,
        connectionId,
        apiId: 'localwsapi',
        authorizer: { tenant_id: 't1', authenticated: true, principalId: 'user-1', integrationLatency: expect.any(Number) },
      },
      body: '{"action":"ping","id":"1"}',
      isBase64Encoded: false,
    });
    client.ws.send(Buffer.from([1, 2, 255]), { binary: true });
    const binary = await fake.next('wsDefault', (e) => e.isBase64Encoded);
    expect(binary.body).toBe(Buffer.from([1, 2, 255]).toString('base64'));
  });

  it('tells the client when its message failed', async () => {
    fake.handlers.wsDefault = () => {
      throw new Error('bad');
    };
    const { client, connectionId } = await connectTo();
    client.ws.send('hello');
    expect(JSON.parse(await client.nextText())).toEqual({ message: 'Internal server error', connectionId, requestId: expect.any(String) });
  });

  it('posts to a client through the SDK, with and without the stage prefix', async () => {
    const { client, connectionId } = await connectTo();
    expect(connectionId.endsWith('=')).toBe(true); // the SDK sends it URL-encoded (%3D)
    await sdk(gateway.callbackUrl).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"pong"}' }));
    expect(await client.next()).toEqual({ data: Buffer.from('{"type":"pong"}'), binary: false });
    await sdk(`http://127.0.0.1:${gateway.port}`).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from([0xff, 0xfe]) }));
    expect(await client.next()).toEqual({ data: Buffer.from([0xff, 0xfe]), binary: true });
    // And a hand-made, literally encoded path.
    const res = await fetch(`${gateway.callbackUrl}/%40connections/${encodeURIComponent(connectionId)}`, { method: 'POST', body: 'raw' });
    expect(res.status).toBe(200);
    expect(await client.nextText()).toBe('raw');
  });

  it('answers GetConnection with the connection info', async () => {
    const { connectionId } = await connectTo();
    const info = await sdk(gateway.callbackUrl).send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: '' });
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(Math.abs(info.ConnectedAt!.getTime() - Date.now())).toBeLessThan(5000);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    const raw = await fetch(`${gateway.callbackUrl}/@connections/${encodeURIComponent(connectionId)}`);
    expect(await raw.json()).toEqual({
      connectedAt: info.ConnectedAt!.toISOString(),
      identity: { sourceIp: '127.0.0.1', userAgent: '' },
      lastActiveAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('closes on DeleteConnection, fires $disconnect, and then answers 410 GoneException', async () => {
    const { client, connectionId } = await connectTo();
    const api = sdk(gateway.callbackUrl);
    await api.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await client.closed).code).toBe(1000);
    const disconnect = await fake.next('wsDisconnect', (e) => e.requestContext.connectionId === connectionId);
    expect(disconnect).toEqual({
      headers: expect.objectContaining({ Upgrade: 'websocket' }),
      multiValueHeaders: expect.any(Object),
      requestContext: expect.objectContaining({
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        disconnectStatusCode: 1000,
        disconnectReason: '',
        connectionId,
        authorizer: expect.objectContaining({ tenant_id: 't1', principalId: 'user-1' }),
      }),
      isBase64Encoded: false,
    });
    expect(gateway.connectionCount()).toBe(0);

    const error = await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    const get = await api.send(new GetConnectionCommand({ ConnectionId: connectionId })).catch((e: unknown) => e);
    expect(get).toMatchObject({ name: 'GoneException' });
    const res = await fetch(`${gateway.callbackUrl}/@connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' });
    expect(res.status).toBe(410);
    expect(res.headers.get('x-amzn-errortype')).toBe('GoneException');
    expect(await res.json()).toMatchObject({ __type: 'GoneException' });
  });

  it('fires $disconnect when the client closes', async () => {
    const { client, connectionId } = await connectTo();
    client.ws.close(4000, 'bye');
    const disconnect = await fake.next('wsDisconnect', (e) => e.requestContext.connectionId === connectionId);
    expect(disconnect.requestContext).toMatchObject({ disconnectStatusCode: 4000, disconnectReason: 'bye' });
  });

  it('refuses @connections posts over 128 KB with 413', async () => {
    const { connectionId } = await connectTo();
    const error = await sdk(gateway.callbackUrl)
      .send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.alloc(128 * 1024 + 1, 97) }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PayloadTooLargeException', $metadata: { httpStatusCode: 413 } });
  });

  it('closes the connection with 1009 on a frame over 32 KB', async () => {
    const { client, connectionId } = await connectTo();
    client.ws.send('x'.repeat(32 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
    const disconnect = await fake.next('wsDisconnect', (e) => e.requestContext.connectionId === connectionId);
    expect(disconnect.requestContext.disconnectStatusCode).toBe(1009);
    expect(fake.callsTo('wsDefault')).toHaveLength(0);
  });

  it('answers Forbidden when no route matches and there is no $default', async () => {
    const wiring: Wiring = { ...baseWiring, webSocket: { ...baseWiring.webSocket, routes: { $connect: 'wsConnect', subscribe: 'wsSubscribe' } } };
    const f = fakeInvoker({ ...defaultHandlers(), wsSubscribe: () => undefined });
    const g = await startWebSocketGateway({ wiring, invoker: f.invoker });
    try {
      const client = await openClient(`${g.url}?token=good`);
      client.ws.send('{"action":"subscribe","channel":"monitoring"}');
      const event = await f.next('wsSubscribe');
      expect(event.requestContext.routeKey).toBe('subscribe');
      client.ws.send('{"action":"nope"}');
      expect(JSON.parse(await client.nextText())).toEqual({
        message: 'Forbidden',
        connectionId: event.requestContext.connectionId,
        requestId: expect.any(String),
      });
      client.ws.close();
      await client.closed;
    } finally {
      await g.close();
    }
  });

  it('closes idle connections and those past their maximum life with 1001 Going away', async () => {
    const f = fakeInvoker(defaultHandlers());
    const g = await startWebSocketGateway({ wiring: baseWiring, invoker: f.invoker, idleTimeoutMs: 150, maxConnectionMs: 400 });
    try {
      const idle = await openClient(`${g.url}?token=good`);
      const busy = await openClient(`${g.url}?token=good`);
      const started = Date.now();
      const keepBusy = setInterval(() => busy.ws.send('{"action":"ping"}'), 50);
      expect(await idle.closed).toEqual({ code: 1001, reason: 'Going away' });
      expect(g.connectionCount()).toBe(1); // the busy one is still open: frames reset the idle timer
      expect(await busy.closed).toEqual({ code: 1001, reason: 'Going away' });
      clearInterval(keepBusy);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      const disconnects = f.callsTo('wsDisconnect').map((c) => c.event.requestContext);
      expect(disconnects).toHaveLength(2);
      for (const d of disconnects) expect(d).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' });
    } finally {
      await g.close();
    }
  });

  it('throttles @connections with postQuota: 429 LimitExceededException once the bucket is empty, refilled at its rate', async () => {
    process.env.WEBSOCKET_CALLBACK_URL ??= 'http://127.0.0.1:9'; // read when connections-api.ts loads
    const { isThrottled, postOutcomeOf } = await import('#shared/realtime/connections-api.ts');
    const f = fakeInvoker(defaultHandlers());
    const g = await startWebSocketGateway({ wiring: baseWiring, invoker: f.invoker, postQuota: { ratePerSecond: 2, burst: 3 } });
    try {
      const client = await openClient(`${g.url}?token=good`);
      const id = f.callsTo('wsConnect').at(-1)!.event.requestContext.connectionId as string;
      // As the functions' client: no SDK retries (it would retry the 429 itself, as a throttling error).
      const api = new ApiGatewayManagementApiClient({
        endpoint: g.callbackUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      const post = (data: string) => api.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }));
      for (const data of ['1', '2', '3']) await post(data); // the burst
      const error = await post('4').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'LimitExceededException', $fault: 'client', $metadata: { httpStatusCode: 429 } });
      expect(isThrottled(error)).toBe(true);
      expect(postOutcomeOf(error)).toBe('retry');
      const raw = await fetch(`${g.callbackUrl}/@connections/${encodeURIComponent(id)}`, { method: 'POST', body: 'raw' });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('x-amzn-errortype')).toBe('LimitExceededException');
      expect(await raw.json()).toEqual({ message: 'Too Many Requests' });
      // GET and DELETE draw on the same bucket.
      await expect(api.send(new GetConnectionCommand({ ConnectionId: id }))).rejects.toMatchObject({ name: 'LimitExceededException' });
      await new Promise((resolve) => setTimeout(resolve, 600)); // a token back at 2/s
      await post('5');
      for (const data of ['1', '2', '3', '5']) expect(await client.nextText()).toBe(data);
      expect(client.messages).toEqual([]); // nothing throttled was delivered
    } finally {
      await g.close();
    }
  });

  it('refuses a postQuota it cannot honour', async () => {
    const f = fakeInvoker(defaultHandlers());
    await expect(startWebSocketGateway({ wiring: baseWiring, invoker: f.invoker, postQuota: { ratePerSecond: 0, burst: 1 } })).rejects.toThrow(
      /ratePerSecond/,
    );
  });

  it('close() disconnects every client, fires $disconnect and stops listening', async () => {
    const f = fakeInvoker(defaultHandlers());
    const g = await startWebSocketGateway({ wiring: baseWiring, invoker: f.invoker, postLatencyMs: 5 });
    const a = await openClient(`${g.url}?token=good`);
    const b = await openClient(`${g.url}?token=good`);
    const ids = f.callsTo('wsConnect').map((c) => c.event.requestContext.connectionId);
    const started = Date.now();
    await sdk(g.callbackUrl).send(new PostToConnectionCommand({ ConnectionId: ids[0], Data: 'slow' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(5);
    expect(await a.nextText()).toBe('slow');
    await g.close();
    expect((await a.closed).code).toBe(1001);
    expect((await b.closed).code).toBe(1001);
    expect(
      f
        .callsTo('wsDisconnect')
        .map((c) => c.event.requestContext.connectionId)
        .sort(),
    ).toEqual([...ids].sort());
    await expect(fetch(`${g.callbackUrl}/@connections/x`)).rejects.toThrow();
  });
});
