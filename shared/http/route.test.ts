import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpEvent, lambdaContext, userContext } from '../../test/support/lambda.ts';
import type { httpRoute as HttpRoute } from './route.ts';
import { declareRoutes } from '#shared/contract/routes.ts';
import { AppError } from './errors.ts';

let route: typeof HttpRoute;

beforeAll(async () => {
  vi.stubEnv('MAX_BODY_BYTES', '64');
  ({ httpRoute: route } = await import('./route.ts'));
});

const Body = z.object({ name: z.string().check(z.minLength(1)) });
const fn = { name: 'test', entry: 'test.ts' };
const routes = declareRoutes({
  'POST /things': {
    access: 'maintainer',
    rateLimit: 'none',
    audit: false,
    summary: 'things',
    schemas: { body: Body, responses: { 201: null } },
    function: fn,
  },
  'GET /public': { access: 'public', summary: 'public', schemas: { responses: { 200: null } }, function: fn },
  'GET /me': {
    access: 'principal',
    summary: 'me',
    schemas: { query: z.object({ limit: z.coerce.number().check(z.maximum(5)) }), responses: { 200: null } },
    function: fn,
  },
  'GET /boom': { access: 'viewer', summary: 'boom', schemas: { responses: { 200: null } }, function: fn },
  'GET /whoami': { access: 'principal', summary: 'named response', schemas: { responses: { 200: 'WhoAmI' } }, function: fn },
  'POST /audited': {
    access: 'maintainer',
    action: 'thing.create',
    summary: 'audited',
    schemas: { body: Body, responses: { 201: null } },
    function: fn,
  },
});

const call = async (handler: ReturnType<typeof HttpRoute>, event: ReturnType<typeof httpEvent>) => {
  const response = (await handler(event as never, lambdaContext())) as {
    statusCode: number;
    headers: Record<string, string>;
    body?: string;
  };
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
};

describe('httpRoute', () => {
  const create = () =>
    route(routes['POST /things'], async ({ body, principal }) => ({ status: 201 as const, body: { name: body.name, by: principal.principalId } }));
  const post = (extra: Partial<Parameters<typeof httpEvent>[0]>) =>
    httpEvent({
      routeKey: 'POST /things',
      headers: { 'content-type': 'application/json', ...extra.headers },
      body: JSON.stringify({ name: 'x' }),
      authorizer: userContext('maintainer'),
      ...extra,
    });

  it('runs the handler with the validated body and principal, echoing the caller’s correlation id', async () => {
    const res = await call(create(), post({ headers: { 'content-type': 'application/json', 'x-correlation-id': 'abc-123' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ name: 'x', by: 'user-1' });
    expect(res.headers['x-correlation-id']).toBe('abc-123');
  });

  it('answers 401 in the envelope with WWW-Authenticate when the authorizer could not authenticate', async () => {
    const res = await call(create(), post({ authorizer: { authenticated: false, reason: 'the token has expired' } }));
    expect(res.statusCode).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('expired') });
    expect(res.json.error.correlation_id).toBe(res.headers['x-correlation-id']);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="scorecast", error="invalid_token"/);
  });

  it('answers 401 when no authorizer context reached a protected route', async () => {
    const res = await call(create(), post({ authorizer: undefined }));
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 to a role below the route’s declared role, and lets a higher role through', async () => {
    expect((await call(create(), post({ authorizer: userContext('viewer') }))).json.error.code).toBe('forbidden');
    expect((await call(create(), post({ authorizer: userContext('admin') }))).statusCode).toBe(201);
  });

  it('refuses agents on role routes not opened to them', async () => {
    const agent = { ...userContext(''), principal_type: 'agent', agent_id: 'a1' };
    expect((await call(create(), post({ authorizer: agent }))).statusCode).toBe(403);
  });

  it('answers 415 for a body that is not JSON-typed', async () => {
    const res = await call(create(), post({ headers: { 'content-type': 'text/plain' } }));
    expect(res.statusCode).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
  });

  it('answers 413 above the body limit, before parsing', async () => {
    const res = await call(create(), post({ body: JSON.stringify({ name: 'x'.repeat(100) }) }));
    expect(res.statusCode).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'payload_too_large', details: { limit_bytes: 64 } });
  });

  it('answers 400 for malformed JSON and for a body that fails the schema, with details', async () => {
    expect((await call(create(), post({ body: '{"name":' }))).json.error.code).toBe('validation_failed');
    const res = await call(create(), post({ body: JSON.stringify({ name: '' }) }));
    expect(res.statusCode).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ location: 'body', path: 'name' })]);
    expect((await call(create(), post({ body: undefined }))).statusCode).toBe(400);
  });

  it('decodes base64 bodies as API Gateway sends them', async () => {
    const res = await call(create(), post({ body: Buffer.from('{"name":"b64"}').toString('base64'), isBase64Encoded: true }));
    expect(res.json).toMatchObject({ name: 'b64' });
  });

  it("uses the gateway's request id as the correlation id when the caller sent none or a malformed one", async () => {
    const res = await call(create(), post({ headers: { 'content-type': 'application/json', 'x-correlation-id': 'bad id with spaces' } }));
    expect(res.headers['x-correlation-id']).toBe('request-1'); // requestContext.requestId of test/support/lambda.ts
    const none = await call(create(), post({}));
    expect(none.headers['x-correlation-id']).toBe('request-1');
  });

  it('serves public routes without credentials', async () => {
    const handler = route(routes['GET /public'], async ({ principal }) => ({ status: 200 as const, body: { principal } }));
    const res = await call(handler, httpEvent({ routeKey: 'GET /public' }));
    expect(res.json).toEqual({ principal: null });
  });

  it('tells the handler how long the function has left (Lambda context), for reads that page before the timeout', async () => {
    const handler = route(routes['GET /public'], async ({ remainingTimeMs }) => ({ status: 200 as const, body: { left: remainingTimeMs() } }));
    const res = await call(handler, httpEvent({ routeKey: 'GET /public' }));
    expect(res.json).toEqual({ left: 5000 });
  });

  it('renders domain errors with their status and unexpected ones as 500 without their message', async () => {
    const conflicting = route(routes['GET /boom'], async () => {
      throw new AppError('conflict', 'Already there', { id: 1 });
    });
    const boom = route(routes['GET /boom'], async () => {
      throw new Error('secret internals');
    });
    const me = { routeKey: 'GET /boom', authorizer: userContext('viewer') };
    const conflict = await call(conflicting, httpEvent(me));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json.error).toMatchObject({ code: 'conflict', message: 'Already there', details: { id: 1 } });
    const failed = await call(boom, httpEvent(me));
    expect(failed.statusCode).toBe(500);
    expect(failed.json.error.code).toBe('internal');
    expect(failed.body).not.toContain('secret internals');
  });

  it('answers 500 to a route the function does not serve (a wiring mistake), without running the handler', async () => {
    let ran = false;
    const handler = route(routes['GET /boom'], async () => {
      ran = true;
      return { status: 200 as const, body: {} };
    });
    const res = await call(handler, httpEvent({ routeKey: 'GET /me', authorizer: userContext('viewer') }));
    expect(res.statusCode).toBe(500);
    expect(ran).toBe(false);
  });

  it('types the answer from the named response schema: a missing or mistyped field, or another status, does not compile', () => {
    const whoAmI = { tenant_id: 't', principal_type: 'user' as const, principal_id: 'u', roles: [], locations: null, agent_id: null };
    route(routes['GET /whoami'], async () => ({ status: 200 as const, body: whoAmI }));
    // @ts-expect-error WhoAmI's roles is an array of strings
    route(routes['GET /whoami'], async () => ({ status: 200 as const, body: { ...whoAmI, roles: 'admin' } }));
    // @ts-expect-error WhoAmI requires tenant_id
    route(routes['GET /whoami'], async () => ({ status: 200 as const, body: { ...whoAmI, tenant_id: undefined } }));
    // @ts-expect-error the route declares 200 only
    route(routes['GET /whoami'], async () => ({ status: 201 as const, body: whoAmI }));
  });

  it('refuses an unknown response name where the route is declared', () => {
    // @ts-expect-error 'WhoAreYou' is not a schema of shared/routes/responses.ts
    declareRoutes({ 'GET /x': { access: 'public', summary: 'x', schemas: { responses: { 200: 'WhoAreYou' } }, function: fn } });
  });

  it('validates query and path parameters', async () => {
    const handler = route(routes['GET /me'], async ({ query }) => ({
      status: 200 as const,
      body: query,
    }));
    const ok = await call(handler, httpEvent({ routeKey: 'GET /me', query: { limit: '3' }, authorizer: userContext('viewer') }));
    expect(ok.json).toEqual({ limit: 3 });
    const bad = await call(handler, httpEvent({ routeKey: 'GET /me', query: { limit: '9' }, authorizer: userContext('viewer') }));
    expect(bad.json.error.details[0]).toMatchObject({ location: 'query', path: 'limit' });
  });

  describe('on mutations', () => {
    const outcomes: unknown[] = [];
    let allowance = 1;
    const guards = {
      consume: async () => {
        if (allowance-- <= 0) throw new AppError('rate_limited', 'slow down', undefined, { 'retry-after': '7' });
      },
      record: async (outcome: unknown) => {
        outcomes.push(outcome);
      },
      claim: async () => undefined,
      settle: async () => undefined,
    };
    const audited = (role: string) =>
      httpEvent({
        routeKey: 'POST /audited',
        path: '/audited',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'c-1' },
        body: JSON.stringify({ name: 'x' }),
        authorizer: userContext(role),
      });

    it('consumes the rate limit, audits successes and refusals, and answers 429 with Retry-After unaudited', async () => {
      const handler = route(routes['POST /audited'], async () => ({ status: 201 as const, body: {}, resource: '/audited/1' }), guards);
      expect((await call(handler, audited('maintainer'))).statusCode).toBe(201);
      expect((await call(handler, audited('viewer'))).statusCode).toBe(403);
      const limited = await call(handler, audited('maintainer'));
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('7');
      expect(outcomes).toEqual([
        expect.objectContaining({ action: 'thing.create', resource: '/audited/1', status: 201, correlationId: 'c-1' }),
        expect.objectContaining({ action: 'thing.create', resource: '/audited', status: 403 }),
      ]);
    });

    it('refuses to serve a declared mutation without the guards (a wiring mistake is a 500, not a bypass)', async () => {
      const handler = route(routes['POST /audited'], async () => ({ status: 201 as const }));
      expect((await call(handler, audited('maintainer'))).statusCode).toBe(500);
    });
  });
});
