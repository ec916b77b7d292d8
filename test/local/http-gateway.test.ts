// The local twin's HTTP API gateway, over real HTTP with an in-process fake function host.
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway, type HttpApiEventV2, type HttpGateway, type HttpRequestLog } from '#infra/local/http-gateway.ts';
import { FunctionError, type Invoker } from '#infra/local/invoker.ts';
import type { HttpRouteDecl, Wiring } from '#infra/wiring-types.ts';
import { wiring as baseWiring } from '#infra/wiring.ts';

type Handler = (event: any) => unknown;

/** A function host in this process: name → handler, every call recorded. */
function fakeInvoker(handlers: Record<string, Handler>) {
  const calls: Array<{ fn: string; event: any }> = [];
  const invoker: Invoker = {
    async invoke(fn, event) {
      calls.push({ fn, event: structuredClone(event) });
      const handler = handlers[fn];
      if (!handler) throw new FunctionError(fn, 'Error', `no handler for ${fn}`);
      try {
        return await handler(event);
      } catch (error) {
        if (error instanceof FunctionError) throw error;
        throw new FunctionError(fn, (error as Error).name, (error as Error).message);
      }
    },
  };
  return { invoker, calls, handlers, callsTo: (fn: string) => calls.filter((c) => c.fn === fn) };
}

const route = (method: HttpRouteDecl['method'], path: string, fn: string, access: HttpRouteDecl['access'] = 'public'): HttpRouteDecl => ({
  method,
  path,
  function: fn,
  access,
  summary: `${method} ${path}`,
});

function testWiring(cacheTtlSeconds = 60): Wiring {
  return {
    ...baseWiring,
    authorizer: { ...baseWiring.authorizer, cacheTtlSeconds },
    http: {
      ...baseWiring.http,
      routes: [
        route('GET', '/health', 'health'),
        route('GET', '/v1/whoami', 'whoami', 'principal'),
        route('GET', '/v1/agents/{agent_id}', 'getAgent', 'viewer'),
        route('GET', '/v1/agents/mine', 'mine'),
        route('POST', '/v1/echo', 'echo'),
        route('GET', '/files/{proxy+}', 'files'),
        route('GET', '/files/{dir}/index', 'fileIndex'),
        route('GET', '/boom', 'boom'),
        route('GET', '/slow', 'slow'),
      ],
    },
  };
}

const echo: Handler = (event) => ({ seen: event.routeKey });
const allow: Handler = (event) => ({ isAuthorized: true, context: { authenticated: true, tenant_id: 't1', token: event.identitySource[0] } });

function defaultHandlers(): Record<string, Handler> {
  return {
    authorizer: allow,
    health: () => ({ ok: true }),
    whoami: echo,
    getAgent: echo,
    mine: echo,
    echo: (event) => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: event.body ?? '' }),
    files: echo,
    fileIndex: echo,
    boom: () => {
      throw new TypeError('broken');
    },
    slow: () => {
      throw new FunctionError('slow', 'Sandbox.Timedout', 'Task timed out after 5.00 seconds', true);
    },
  };
}

describe('HTTP API gateway', () => {
  let gateway: HttpGateway;
  let fake: ReturnType<typeof fakeInvoker>;
  const logs: HttpRequestLog[] = [];

  beforeAll(async () => {
    fake = fakeInvoker(defaultHandlers());
    gateway = await startHttpGateway({
      wiring: testWiring(),
      invoker: fake.invoker,
      corsOrigins: ['https://app.example.com'],
      onRequest: (log) => logs.push(log),
    });
  });
  afterAll(() => gateway.close());
  afterEach(() => {
    fake.calls.length = 0;
    Object.assign(fake.handlers, defaultHandlers());
    gateway.clearAuthorizerCache();
  });

  const get = (path: string, init: RequestInit = {}) => fetch(gateway.url + path, init);
  const lastEvent = (fn: string): HttpApiEventV2 => fake.callsTo(fn).at(-1)!.event;

  it('listens on loopback with an ephemeral port', () => {
    expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
    expect(gateway.port).toBeGreaterThan(0);
  });

  it('matches routes, most specific first, with decoded path parameters', async () => {
    const res = await get('/v1/agents/a%20b%3D', { headers: { authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ seen: 'GET /v1/agents/{agent_id}' });
    expect(lastEvent('getAgent').pathParameters).toEqual({ agent_id: 'a b=' });
    expect(lastEvent('getAgent').rawPath).toBe('/v1/agents/a b=');

    expect(await (await get('/v1/agents/mine')).json()).toEqual({ seen: 'GET /v1/agents/mine' });
    expect(lastEvent('mine').pathParameters).toBeUndefined();

    expect(await (await get('/files/a/b%2Fc/d.txt')).json()).toEqual({ seen: 'GET /files/{proxy+}' });
    expect(lastEvent('files').pathParameters).toEqual({ proxy: 'a/b/c/d.txt' });
    expect(await (await get('/files/docs/index')).json()).toEqual({ seen: 'GET /files/{dir}/index' });
    expect(lastEvent('fileIndex').pathParameters).toEqual({ dir: 'docs' });
  });

  it('answers 404 Not Found for unknown paths and for a method the path does not declare', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/health'],
      ['GET', '/health/'],
      ['GET', '/files/'],
      ['DELETE', '/v1/agents/1'],
    ] as const) {
      const res = await get(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('{"message":"Not Found"}');
      expect(res.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+]{15}=$/);
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('builds the exact payload format 2.0 event', async () => {
    const res = await get('/v1/agents/ag%201?limit=5&tag=a&tag=b+c&empty=&flag', {
      headers: {
        authorization: 'Bearer tok',
        cookie: 'a=1; b=2',
        'user-agent': 'vitest-agent',
        'x-multi': 'one',
        'x-correlation-id': 'corr-1',
      },
    });
    expect(res.status).toBe(200);
    const event = lastEvent('getAgent');
    const requestId = res.headers.get('apigw-requestid');
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /v1/agents/{agent_id}',
      rawPath: '/v1/agents/ag 1',
      rawQueryString: 'limit=5&tag=a&tag=b+c&empty=&flag',
      cookies: ['a=1', 'b=2'],
      headers: expect.objectContaining({
        authorization: 'Bearer tok',
        'user-agent': 'vitest-agent',
        'x-multi': 'one',
        'x-correlation-id': 'corr-1',
        host: `127.0.0.1:${gateway.port}`,
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': String(gateway.port),
        'x-forwarded-proto': 'http',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      }),
      queryStringParameters: { limit: '5', tag: 'a,b c', empty: '', flag: '' },
      pathParameters: { agent_id: 'ag 1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'localhttp0',
        authorizer: { lambda: { authenticated: true, tenant_id: 't1', token: 'Bearer tok' } },
        domainName: `127.0.0.1:${gateway.port}`,
        domainPrefix: '127',
        http: { method: 'GET', path: '/v1/agents/ag 1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest-agent' },
        requestId,
        routeKey: 'GET /v1/agents/{agent_id}',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
      isBase64Encoded: false,
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers.connection).toBeUndefined();
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5000);
    expect(Object.keys(event)).toEqual([
      'version',
      'routeKey',
      'rawPath',
      'rawQueryString',
      'cookies',
      'headers',
      'queryStringParameters',
      'requestContext',
      'pathParameters',
      'isBase64Encoded',
    ]);
  });

  it('joins repeated request headers with commas and omits what is absent', async () => {
    const status = await rawRequest(gateway.port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nx-multi: two\r\n\r\n');
    expect(status).toMatch(/^HTTP\/1\.1 200/);
    const event = lastEvent('health');
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.cookies).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.requestContext.domainPrefix).toBe('x');
    expect(event.rawQueryString).toBe('');
  });

  it('passes text bodies as text and everything else base64-encoded', async () => {
    await get('/v1/echo', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"é"}' });
    expect(lastEvent('echo')).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false });
    await get('/v1/echo', { method: 'POST', headers: { 'content-type': 'application/vnd.api+json' }, body: '{}' });
    expect(lastEvent('echo')).toMatchObject({ body: '{}', isBase64Encoded: false });
    await get('/v1/echo', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(lastEvent('echo')).toMatchObject({ body: 'a,b', isBase64Encoded: false });

    const bytes = Buffer.from([0, 1, 2, 255]);
    await get('/v1/echo', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(lastEvent('echo')).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    await get('/v1/echo', { method: 'POST', body: new Blob([bytes]) });
    expect(lastEvent('echo')).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('sends an implicit result as JSON, and a string result as is', async () => {
    let res = await get('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"ok":true}');

    fake.handlers.health = () => 'plain words';
    res = await get('/health');
    expect(await res.text()).toBe('plain words');

    fake.handlers.health = () => [1, 2];
    expect(await (await get('/health')).text()).toBe('[1,2]');
  });

  it('sends a structured result: status, headers, multi-value headers, cookies and base64 bodies', async () => {
    fake.handlers.health = () => ({
      statusCode: 201,
      headers: { 'content-type': 'image/png', 'x-one': 'a', 'x-num': 5 },
      multiValueHeaders: { 'x-many': ['b', 'c'] },
      cookies: ['s=1; Path=/; HttpOnly', 't=2'],
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
    const res = await get('/health');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-one')).toBe('a');
    expect(res.headers.get('x-num')).toBe('5');
    expect(res.headers.get('x-many')).toBe('b, c');
    expect(res.headers.getSetCookie()).toEqual(['s=1; Path=/; HttpOnly', 't=2']);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));

    fake.handlers.health = () => ({ statusCode: 204, headers: { 'x-correlation-id': 'c' } });
    const empty = await get('/health');
    expect(empty.status).toBe(204);
    expect(empty.headers.get('x-correlation-id')).toBe('c');
    expect(await empty.text()).toBe('');

    fake.handlers.health = () => ({ statusCode: 'nope' });
    const invalid = await get('/health');
    expect(invalid.status).toBe(500);
    expect(await invalid.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('answers 500 when the function fails and 503 when it times out', async () => {
    const boom = await get('/boom');
    expect(boom.status).toBe(500);
    expect(boom.headers.get('content-type')).toBe('application/json');
    expect(await boom.text()).toBe('{"message":"Internal Server Error"}');
    const slow = await get('/slow');
    expect(slow.status).toBe(503);
    expect(await slow.text()).toBe('{"message":"Service Unavailable"}');
  });

  it("answers API Gateway's own 401 without an Authorization header, never invoking the authorizer", async () => {
    for (const headers of [{}, { authorization: '' }] as Array<Record<string, string>>) {
      const res = await get('/v1/whoami', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('{"message":"Unauthorized"}');
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the exact REQUEST authorizer payload 2.0 and hands its context to the route', async () => {
    const res = await get('/v1/agents/a1?x=1', { headers: { authorization: 'Bearer abc', cookie: 'k=v' } });
    expect(res.status).toBe(200);
    const [auth, routeCall] = fake.calls;
    expect(auth!.fn).toBe('authorizer');
    expect(auth!.event).toEqual({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:000000000000:localhttp0/$default/GET/v1/agents/a1',
      identitySource: ['Bearer abc'],
      routeKey: 'GET /v1/agents/{agent_id}',
      rawPath: '/v1/agents/a1',
      rawQueryString: 'x=1',
      cookies: ['k=v'],
      headers: expect.objectContaining({ authorization: 'Bearer abc' }),
      queryStringParameters: { x: '1' },
      requestContext: expect.objectContaining({
        routeKey: 'GET /v1/agents/{agent_id}',
        stage: '$default',
        requestId: res.headers.get('apigw-requestid'),
      }),
      pathParameters: { agent_id: 'a1' },
    });
    expect(auth!.event.requestContext.authorizer).toBeUndefined();
    expect(routeCall!.event.requestContext.authorizer).toEqual({ lambda: { authenticated: true, tenant_id: 't1', token: 'Bearer abc' } });
  });

  it('answers 403 Forbidden when the authorizer denies, and 500 when it fails', async () => {
    fake.handlers.authorizer = () => ({ isAuthorized: false });
    let res = await get('/v1/whoami', { headers: { authorization: 'Bearer no' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"Forbidden"}');
    expect(fake.callsTo('whoami')).toHaveLength(0);

    fake.handlers.authorizer = () => {
      throw new Error('kaput');
    };
    res = await get('/v1/whoami', { headers: { authorization: 'Bearer err' } });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');

    fake.handlers.authorizer = () => {
      throw new FunctionError('authorizer', 'Sandbox.Timedout', 'timed out', true);
    };
    res = await get('/v1/whoami', { headers: { authorization: 'Bearer err' } });
    expect(res.status).toBe(500);

    fake.handlers.authorizer = () => ({ allow: 'yes' });
    res = await get('/v1/whoami', { headers: { authorization: 'Bearer err' } });
    expect(res.status).toBe(500);
    expect(fake.callsTo('whoami')).toHaveLength(0);
  });

  it('caches authorizer results by the Authorization header for the TTL, but not failures', async () => {
    for (let i = 0; i < 2; i++) expect((await get('/v1/whoami', { headers: { authorization: 'Bearer same' } })).status).toBe(200);
    expect((await get('/v1/agents/1', { headers: { authorization: 'Bearer same' } })).status).toBe(200);
    expect(fake.callsTo('authorizer')).toHaveLength(1);
    expect(fake.callsTo('getAgent')[0]!.event.requestContext.authorizer.lambda.token).toBe('Bearer same');

    await get('/v1/whoami', { headers: { authorization: 'Bearer other' } });
    expect(fake.callsTo('authorizer')).toHaveLength(2);

    // A denial is cached like an allow.
    fake.handlers.authorizer = () => ({ isAuthorized: false });
    await get('/v1/whoami', { headers: { authorization: 'Bearer deny' } });
    expect((await get('/v1/whoami', { headers: { authorization: 'Bearer deny' } })).status).toBe(403);
    expect(fake.callsTo('authorizer')).toHaveLength(3);

    // A failure is not.
    let attempts = 0;
    fake.handlers.authorizer = (event) => {
      if (attempts++ === 0) throw new Error('flaky');
      return allow(event);
    };
    expect((await get('/v1/whoami', { headers: { authorization: 'Bearer flaky' } })).status).toBe(500);
    expect((await get('/v1/whoami', { headers: { authorization: 'Bearer flaky' } })).status).toBe(200);

    gateway.clearAuthorizerCache();
    const before = fake.callsTo('authorizer').length;
    await get('/v1/whoami', { headers: { authorization: 'Bearer same' } });
    expect(fake.callsTo('authorizer')).toHaveLength(before + 1);
  });

  it('asks the authorizer again once the TTL has passed, and every time with TTL 0', async () => {
    for (const ttl of [0.12, 0]) {
      const f = fakeInvoker(defaultHandlers());
      const g = await startHttpGateway({ wiring: testWiring(ttl), invoker: f.invoker, corsOrigins: [] });
      try {
        const call = () => fetch(`${g.url}/v1/whoami`, { headers: { authorization: 'Bearer t' } });
        await call();
        await call();
        expect(f.callsTo('authorizer')).toHaveLength(ttl > 0 ? 1 : 2);
        if (ttl > 0) {
          await new Promise((resolve) => setTimeout(resolve, ttl * 1000 + 30));
          await call();
          expect(f.callsTo('authorizer')).toHaveLength(2);
        }
      } finally {
        await g.close();
      }
    }
  });

  it('answers CORS preflights itself, as the stack configures CORS', async () => {
    const res = await get('/v1/whoami', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key,x-correlation-id');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('apigw-requestid')).toBeTruthy();
    expect(await res.text()).toBe('');

    const stranger = await get('/v1/whoami', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
    });
    expect(stranger.status).toBe(204);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(fake.calls).toHaveLength(0);

    // Not a preflight: an OPTIONS request goes to routing like any other.
    expect((await get('/v1/whoami', { method: 'OPTIONS' })).status).toBe(404);
  });

  it('adds CORS headers to actual responses from allowed origins and drops the integration’s own', async () => {
    fake.handlers.health = () => ({ statusCode: 200, headers: { 'access-control-allow-origin': 'https://other.example.com' }, body: 'x' });
    const res = await get('/health', { headers: { origin: 'https://app.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-expose-headers')).toBe('x-correlation-id,retry-after,www-authenticate,link');
    const stranger = await get('/health', { headers: { origin: 'https://evil.example.com' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    // Gateway answers carry them too, so a browser can read a 401.
    const denied = await get('/v1/whoami', { headers: { origin: 'https://app.example.com' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it("allows any origin with '*'", async () => {
    const g = await startHttpGateway({ wiring: testWiring(), invoker: fake.invoker, corsOrigins: ['*'] });
    try {
      const pre = await fetch(`${g.url}/health`, {
        method: 'OPTIONS',
        headers: { origin: 'https://x.test', 'access-control-request-method': 'POST' },
      });
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      const res = await fetch(`${g.url}/health`, { headers: { origin: 'https://x.test' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await g.close();
    }
  });

  it('refuses bodies over 10 MB with 413', async () => {
    const res = await get('/v1/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('{"message":"Request Entity Too Large"}');
    expect(fake.callsTo('echo')).toHaveLength(0);
  });

  it('survives malformed requests', async () => {
    expect(await rawRequest(gateway.port, 'BLAH\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(gateway.port, 'GET /v1/agents/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: t\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
    expect(lastEvent('getAgent').pathParameters).toEqual({ agent_id: '%E0%A4%A' });
    expect(await rawRequest(gateway.port, 'GET http://x/health HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
    expect((await get('/health')).status).toBe(200);
  });

  it('reports each request to onRequest', async () => {
    logs.length = 0;
    await get('/v1/whoami', { headers: { authorization: 'Bearer log' } });
    await get('/nope');
    expect(logs).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/whoami',
        routeKey: 'GET /v1/whoami',
        status: 200,
        authorizer: expect.objectContaining({ cached: false, outcome: 'allow' }),
        integration: expect.objectContaining({ function: 'whoami' }),
      }),
      expect.objectContaining({ path: '/nope', routeKey: null, status: 404, error: 'route not found' }),
    ]);
  });
});

/** Sends raw bytes and resolves with what came back (the server closes or answers one request). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (/\r\n\r\n/.test(data)) {
        const length = /content-length: (\d+)/i.exec(data);
        const head = data.indexOf('\r\n\r\n') + 4;
        if (!length || data.length - head >= Number(length[1])) {
          socket.destroy();
          resolve(data);
        }
      }
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
