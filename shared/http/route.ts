// The middy stack every HTTP handler uses. A handler is `httpRoute(schemas, async (req) => result)`
// (or `mutationRoute(...)` for writes): this stack adds the logger with the correlation id, the
// route's declared policy (from the wiring, via ROUTE_POLICIES: who may call, rate limit, audit),
// body/query/path validation, the error envelope and metrics.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RateLimitBucket, RoutePolicy } from '#infra/wiring-types.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { integerEnv, jsonEnv } from '#shared/config/env.ts';
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
  maxBodyBytes: integerEnv('MAX_BODY_BYTES', 262_144),
};

/** What a finished request was, for the audit log. */
export interface RouteOutcome {
  principal: Principal;
  action: string;
  resource: string;
  status: number;
  correlationId: string;
}

/** Rate limiting and auditing, which need the table: supplied by mutationRoute so read-only functions stay small. */
export interface MutationGuards {
  /** Throws AppError('rate_limited') when the principal is over the bucket's limit. */
  consume(principal: Principal, bucket: RateLimitBucket): Promise<void>;
  record(outcome: RouteOutcome): Promise<void>;
}

type Response = APIGatewayProxyStructuredResultV2;

export function httpRoute<S extends RouteSchemas>(
  schemas: S,
  handle: (request: RouteRequest<S>) => Promise<RouteResult>,
  guards?: MutationGuards,
) {
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
        if ((policy.action || policy.rateLimit) && !guards)
          throw new AppError('internal', `Route ${event.routeKey} is a mutation: serve it with mutationRoute`);
        principal = authenticateCaller(event, policy);
        authoriseCaller(principal, policy);
        if (principal && policy.rateLimit) await guards!.consume(principal, policy.rateLimit);
        const result = await handle({
          ...parseInput(event, schemas, config.maxBodyBytes),
          principal,
          correlationId,
          headers: event.headers ?? {},
          routeKey: event.routeKey,
        });
        resource = result.resource ?? resource;
        response = render(result, correlationId);
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
