// The stack every HTTP handler uses. A handler is `route(declaration, async (req) => result)`
// (or `mutationRoute(...)` for writes), naming its declaration in shared/routes/: this stack adds
// the logger with the correlation id, the declared policy (who may call, rate limit, audit),
// body/query/path validation against the declared schemas, the error envelope and metrics.
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RateLimitBucket } from '#shared/contract/access.ts';
import { routePolicy, type DeclaredRoute } from '#shared/contract/routes.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { readSettings } from '#shared/config/settings.ts';
import { MAX_BODY_BYTES } from '#shared/contract/settings.ts';
import { loadMetrics, publishMetricsIfAny } from '#shared/powertools/on-demand.ts';
import { AppError } from './errors.ts';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation.ts';
import { InvocationLog } from './invocation-log.ts';
import { authenticateCaller, authoriseCaller, parseInput, type HttpEvent, type RouteRequest } from './request.ts';
import { render, renderError, type ResultOf } from './response.ts';

export type { RouteRequest };

const { MAX_BODY_BYTES: maxBodyBytes } = readSettings({ MAX_BODY_BYTES }); // set for every function with a route

/** What a finished request was, for the audit log. */
export interface RouteOutcome {
  principal: Principal;
  action: string;
  resource: string;
  status: number;
  correlationId: string;
}

/** A response stored under an Idempotency-Key, replayed for a repeat of the same request. */
export interface StoredResponse {
  status: number;
  body: string | undefined;
}

/** Rate limiting, auditing and idempotency, which need the table: supplied by mutationRoute so read-only functions stay small. */
export interface MutationGuards {
  /** Throws AppError('rate_limited') when the principal is over the bucket's limit. */
  consume(principal: Principal, bucket: RateLimitBucket): Promise<void>;
  record(outcome: RouteOutcome): Promise<void>;
  /**
   * Claims the key for this request: a stored response to replay, or undefined to go on. Throws 409
   * on a different request (another route, path or body). Hashing is left to the guards, so a
   * read-only function does not load `node:crypto`.
   */
  claim(principal: Principal, key: string, request: IdempotentRequest): Promise<StoredResponse | undefined>;
  /** Stores the response of a claimed request (success), or gives the key back (failure). */
  settle(principal: Principal, key: string, response: StoredResponse): Promise<void>;
}

/** What makes two requests under one Idempotency-Key "the same": route, path and body. */
export interface IdempotentRequest {
  routeKey: string;
  rawPath: string;
  body: string | undefined;
}

const IDEMPOTENCY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type Response = APIGatewayProxyStructuredResultV2;

/** A read-only route's handler (GET, no rate limit): `route(agentsRoutes['GET /v1/agents'], async ({ query, principal }) => …)`. */
export function route<const D extends DeclaredRoute>(declaration: D, handle: (request: RouteRequest<D>) => Promise<ResultOf<D>>) {
  return httpRoute(declaration, handle);
}

/** The stack for one declared route; `guards` (the table's rate limits, audit and idempotency) for mutations. */
export function httpRoute<const D extends DeclaredRoute>(
  declaration: D,
  handle: (request: RouteRequest<D>) => Promise<ResultOf<D>>,
  guards?: MutationGuards,
) {
  const policy = routePolicy(declaration);
  // No middy: its one middleware was injectLambdaContext, now InvocationLog (the Logger only when something logs).
  const handler = async (event: HttpEvent, context: Context): Promise<Response> => {
    const correlationId = correlationIdFrom(event.headers?.[CORRELATION_HEADER], event.requestContext?.requestId);
    const log = await InvocationLog.start(event, context, { correlation_id: correlationId, route: event.routeKey });
    try {
      let principal: Principal | null = null;
      let resource = event.rawPath;
      let response: Response;
      try {
        if (event.routeKey !== declaration.key)
          throw new AppError('internal', `Route ${event.routeKey} is not served by this function (${declaration.key})`);
        if ((policy.action || policy.rateLimit || policy.idempotent) && !guards)
          throw new AppError('internal', `Route ${event.routeKey} is a mutation: serve it with mutationRoute`);
        principal = authenticateCaller(event, policy);
        authoriseCaller(principal, policy);
        if (principal && policy.rateLimit) await guards!.consume(principal, policy.rateLimit);
        const input = parseInput<D>(event, declaration.schemas, maxBodyBytes);
        const idempotencyKey = policy.idempotent && principal ? idempotencyKeyOf(event) : undefined;
        const replay = idempotencyKey
          ? await guards!.claim(principal!, idempotencyKey, { routeKey: event.routeKey, rawPath: event.rawPath, body: event.body })
          : undefined;
        if (replay) {
          // The original request was audited; its repeat only gets the same answer.
          publishMetricsIfAny();
          return replayed(replay, correlationId);
        }
        try {
          // principal is null only on public routes (authenticateCaller), as RouteRequest<D> says.
          const result = await handle({
            ...input,
            principal: principal as RouteRequest<D>['principal'],
            correlationId,
            headers: event.headers ?? {},
            routeKey: event.routeKey,
            remainingTimeMs: () => context.getRemainingTimeInMillis(),
          });
          resource = result.resource ?? resource;
          response = render(result, correlationId);
        } catch (error) {
          response = await renderFailure(error, correlationId, log);
        }
        if (idempotencyKey) await guards!.settle(principal!, idempotencyKey, { status: response.statusCode ?? 500, body: response.body });
      } catch (error) {
        response = await renderFailure(error, correlationId, log);
      }
      // Every authenticated mutation attempt is audited, refused ones too — except floods (429).
      if (guards && principal && policy.action && response.statusCode !== 429) {
        await guards
          .record({ principal, action: policy.action, resource, status: response.statusCode ?? 500, correlationId })
          .catch(async (error: unknown) => {
            (await log.logger()).error('Audit record could not be written', error as Error);
            (await loadMetrics()).addMetric('audit_write_failures', 'Count', 1);
          });
      }
      publishMetricsIfAny();
      return response;
    } finally {
      log.end();
    }
  };
  // The declaration it serves, for tests that check every handler against the routes.
  return Object.assign(handler, { route: declaration });
}

async function renderFailure(error: unknown, correlationId: string, log: InvocationLog): Promise<Response> {
  if (error instanceof AppError && error.code !== 'internal') {
    (await log.logger()).info('Request refused', { code: error.code, status: error.status });
    return renderError(error, correlationId);
  }
  (await log.logger()).error('Request failed', error as Error);
  (await loadMetrics()).addMetric('http_internal_errors', 'Count', 1);
  return renderError(new AppError('internal', 'Something went wrong on our side; quote the correlation id'), correlationId);
}

function idempotencyKeyOf(event: HttpEvent): string | undefined {
  const key = event.headers?.[IDEMPOTENCY_HEADER];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key))
    throw new AppError('validation_failed', 'Idempotency-Key must be 1–255 printable ASCII characters', [
      { location: 'header', path: IDEMPOTENCY_HEADER, message: 'invalid' },
    ]);
  return key;
}

function replayed(stored: StoredResponse, correlationId: string): Response {
  const headers: Record<string, string> = { [CORRELATION_HEADER]: correlationId, 'idempotent-replayed': 'true' };
  if (stored.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: stored.status, headers, ...(stored.body === undefined ? {} : { body: stored.body }) };
}
