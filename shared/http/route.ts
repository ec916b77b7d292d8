// The middy stack every HTTP handler uses. A handler is `httpRoute(schemas, async (req) => result)`
// (or `mutationRoute(...)` for writes): this stack adds the logger with the correlation id, the
// route's declared policy (from the wiring, via ROUTE_POLICIES: who may call, rate limit, audit),
// body/query/path validation, the error envelope and metrics.
import { createHash } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RateLimitBucket, RoutePolicy } from '#shared/contract/access.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { jsonEnv, requiredIntegerEnv } from '#shared/config/env.ts';
import { logger } from '#shared/powertools/logger.ts';
import { metrics, publishMetrics } from '#shared/powertools/metrics.ts';
import { AppError } from './errors.ts';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation.ts';
import {
  authenticateCaller,
  authoriseCaller,
  parseInput,
  policyOf,
  type HttpEvent,
  type PlumbingConfig,
  type RouteRequest,
  type RouteSchemas,
} from './request.ts';
import { render, renderError, type RouteResult } from './response.ts';

export type { RouteRequest };

const config: PlumbingConfig = {
  routes: jsonEnv<Record<string, RoutePolicy>>('ROUTE_POLICIES', {}),
  maxBodyBytes: requiredIntegerEnv('MAX_BODY_BYTES'), // declared; set for every function with a route
};

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
  /** Claims the key for this request: a stored response to replay, or undefined to go on. Throws 409 on a different request. */
  claim(principal: Principal, key: string, fingerprint: string): Promise<StoredResponse | undefined>;
  /** Stores the response of a claimed request (success), or gives the key back (failure). */
  settle(principal: Principal, key: string, response: StoredResponse): Promise<void>;
}

const IDEMPOTENCY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type Response = APIGatewayProxyStructuredResultV2;

export function httpRoute<S extends RouteSchemas>(schemas: S, handle: (request: RouteRequest<S>) => Promise<RouteResult>, guards?: MutationGuards) {
  return middy<HttpEvent, Response, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const correlationId = correlationIdFrom(event.headers?.[CORRELATION_HEADER]);
      logger.appendKeys({ correlation_id: correlationId, route: event.routeKey });
      let principal: Principal | null = null;
      let policy: RoutePolicy | undefined;
      let resource = event.rawPath;
      let response: Response;
      try {
        policy = policyOf(event, config);
        if ((policy.action || policy.rateLimit || policy.idempotent) && !guards)
          throw new AppError('internal', `Route ${event.routeKey} is a mutation: serve it with mutationRoute`);
        principal = authenticateCaller(event, policy);
        authoriseCaller(principal, policy);
        if (principal && policy.rateLimit) await guards!.consume(principal, policy.rateLimit);
        const input = parseInput(event, schemas, config.maxBodyBytes);
        const idempotencyKey = policy.idempotent && principal ? idempotencyKeyOf(event) : undefined;
        const replay = idempotencyKey ? await guards!.claim(principal!, idempotencyKey, fingerprint(event)) : undefined;
        if (replay) {
          // The original request was audited; its repeat only gets the same answer.
          publishMetrics();
          return replayed(replay, correlationId);
        }
        try {
          const result = await handle({ ...input, principal, correlationId, headers: event.headers ?? {}, routeKey: event.routeKey });
          resource = result.resource ?? resource;
          response = render(result, correlationId);
        } catch (error) {
          response = renderFailure(error, correlationId);
        }
        if (idempotencyKey) await guards!.settle(principal!, idempotencyKey, { status: response.statusCode ?? 500, body: response.body });
      } catch (error) {
        response = renderFailure(error, correlationId);
      }
      // Every authenticated mutation attempt is audited, refused ones too — except floods (429).
      if (guards && principal && policy?.action && response.statusCode !== 429) {
        await guards
          .record({ principal, action: policy.action, resource, status: response.statusCode ?? 500, correlationId })
          .catch((error: unknown) => {
            logger.error('Audit record could not be written', error as Error);
            metrics.addMetric('audit_write_failures', 'Count', 1);
          });
      }
      publishMetrics();
      return response;
    });
}

function renderFailure(error: unknown, correlationId: string): Response {
  if (error instanceof AppError && error.code !== 'internal') {
    logger.info('Request refused', { code: error.code, status: error.status });
    return renderError(error, correlationId);
  }
  logger.error('Request failed', error as Error);
  metrics.addMetric('http_internal_errors', 'Count', 1);
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

/** What makes two requests "the same": route, path and body. */
function fingerprint(event: HttpEvent): string {
  return createHash('sha256')
    .update(`${event.routeKey}\n${event.rawPath}\n${event.body ?? ''}`)
    .digest('hex');
}

function replayed(stored: StoredResponse, correlationId: string): Response {
  const headers: Record<string, string> = { [CORRELATION_HEADER]: correlationId, 'idempotent-replayed': 'true' };
  if (stored.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: stored.status, headers, ...(stored.body === undefined ? {} : { body: stored.body }) };
}
