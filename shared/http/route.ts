// The middy stack every HTTP handler uses. A handler is `httpRoute(schemas, async (req) => result)`:
// this stack adds the logger with the correlation id, the route's declared access (from the
// wiring, via ROUTE_ACCESS), body/query/path validation, the error envelope and metrics.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { integerEnv, jsonEnv } from '#shared/config/env.ts';
import { logger } from '#shared/powertools/logger.ts';
import { metrics, publishMetrics } from '#shared/powertools/metrics.ts';
import type { Access } from '#infra/wiring-types.ts';
import { AppError } from './errors.ts';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation.ts';
import { parseRequest, type HttpEvent, type RoutePolicy, type RouteRequest, type RouteSchemas } from './request.ts';
import { render, renderError, type RouteResult } from './response.ts';

export type { RouteRequest };

const policy: RoutePolicy = {
  access: jsonEnv<Record<string, Access>>('ROUTE_ACCESS', {}),
  agentRoutes: new Set(jsonEnv<string[]>('AGENT_ROUTES', [])),
  maxBodyBytes: integerEnv('MAX_BODY_BYTES', 262_144),
};

type Response = APIGatewayProxyStructuredResultV2;

export function httpRoute<S extends RouteSchemas>(
  schemas: S,
  handle: (request: RouteRequest<S>) => Promise<RouteResult>,
) {
  return middy<HttpEvent, Response, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const correlationId = correlationIdFrom(event.headers?.[CORRELATION_HEADER]);
      logger.appendKeys({ correlation_id: correlationId, route: event.routeKey });
      try {
        const result = await handle(parseRequest(event, schemas, policy, correlationId));
        return render(result, correlationId);
      } catch (error) {
        if (error instanceof AppError && error.code !== 'internal') {
          logger.info('Request refused', { code: error.code, status: error.status });
          return renderError(error, correlationId);
        }
        logger.error('Request failed', error as Error);
        metrics.addMetric('http_internal_errors', 'Count', 1);
        return renderError(new AppError('internal', 'Something went wrong on our side; quote the correlation id'), correlationId);
      } finally {
        publishMetrics();
      }
    });
}
