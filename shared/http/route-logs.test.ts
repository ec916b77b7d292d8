// The route's logs and metrics: written on refusals and failures (with the Lambda context, the
// correlation id and the route), nothing on success — where neither Powertools Logger nor Metrics
// is even created, which keeps them out of the cold start (shared/powertools/on-demand.ts).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext, userContext } from '../../test/support/lambda.ts';
import type { httpRoute as HttpRoute } from './route.ts';
import { declareRoutes } from '#shared/contract/routes.ts';
import type { loggerIfCreated as LoggerIfCreated } from '#shared/powertools/on-demand.ts';

let route: typeof HttpRoute;
let loggerIfCreated: typeof LoggerIfCreated;

beforeAll(async () => {
  vi.stubEnv('MAX_BODY_BYTES', '64');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  ({ httpRoute: route } = await import('./route.ts'));
  ({ loggerIfCreated } = await import('#shared/powertools/on-demand.ts'));
});
afterEach(() => vi.restoreAllMocks());

const fn = { name: 'test', entry: 'test.ts' };
const routes = declareRoutes({
  'GET /me': { access: 'principal', summary: 'me', schemas: { responses: { 200: null } }, function: fn },
  'GET /boom': { access: 'viewer', summary: 'boom', schemas: { responses: { 200: null } }, function: fn },
});

/** What one call wrote to stdout and stderr, one JSON document a line. */
async function callCapturing(handler: ReturnType<typeof HttpRoute>, event: ReturnType<typeof httpEvent>) {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const response = (await handler(event as never, lambdaContext('fn-under-test'))) as { statusCode: number };
  vi.restoreAllMocks();
  return { status: response.statusCode, written: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('route logs and metrics', () => {
  const me = () => route(routes['GET /me'], async ({ principal }) => ({ status: 200 as const, body: { id: principal.principalId } }));
  const boom = () =>
    route(routes['GET /boom'], async () => {
      throw new Error('database on fire');
    });

  it('a request that succeeds writes nothing and creates no Logger', async () => {
    const { status, written } = await callCapturing(me(), httpEvent({ routeKey: 'GET /me', authorizer: userContext('viewer') }));
    expect(status).toBe(200);
    expect(written).toEqual([]);
    expect(loggerIfCreated()).toBeUndefined();
  });

  it('domain code that loads the Logger during a request that succeeds logs with its context, correlation id and route', async () => {
    const { loadLogger } = await import('#shared/powertools/on-demand.ts');
    const warns = route(routes['GET /me'], async ({ principal }) => {
      (await loadLogger()).warn('Something worth a look', { detail: 'sweeper will retry' });
      return { status: 200 as const, body: { id: principal.principalId } };
    });
    const event = httpEvent({ routeKey: 'GET /me', authorizer: userContext('viewer'), headers: { 'x-correlation-id': 'corr-warn-1' } });
    const { status, written } = await callCapturing(warns, event);
    expect(status).toBe(200);
    expect(written).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'Something worth a look',
        detail: 'sweeper will retry',
        correlation_id: 'corr-warn-1',
        route: 'GET /me',
        function_name: 'fn-under-test',
        cold_start: false,
      }),
    ]);
  });

  it('a failure logs an error with the context, correlation id and route, and records http_internal_errors', async () => {
    const event = httpEvent({ routeKey: 'GET /boom', authorizer: userContext('viewer'), headers: { 'x-correlation-id': 'corr-boom-1' } });
    const { status, written } = await callCapturing(boom(), event);
    expect(status).toBe(500);
    const log = written.find((line) => line.message === 'Request failed');
    expect(log).toMatchObject({
      level: 'ERROR',
      correlation_id: 'corr-boom-1',
      route: 'GET /boom',
      function_name: 'fn-under-test',
      function_request_id: 'req-1',
      // Not the first invocation of this container (the tests above were): no cold start.
      cold_start: false,
      error: expect.objectContaining({ message: 'database on fire' }),
    });
    const emf = written.find((line) => '_aws' in line);
    expect(emf).toMatchObject({ http_internal_errors: 1 });
  });

  it('a refusal logs at info level, and the previous request keys are gone', async () => {
    const { status, written } = await callCapturing(me(), httpEvent({ routeKey: 'GET /me', headers: { 'x-correlation-id': 'corr-401' } }));
    expect(status).toBe(401);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      level: 'INFO',
      message: 'Request refused',
      code: 'unauthorized',
      correlation_id: 'corr-401',
      route: 'GET /me',
    });
    expect(written[0]).not.toHaveProperty('error');
  });
});
