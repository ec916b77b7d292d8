// The middy stack for WebSocket route handlers: logger with connection and correlation ids,
// the principal from the $connect authorizer's context, and a 500 for anything unexpected.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { decodeAuthentication } from '#shared/auth/context.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { correlationIdFrom } from '#shared/http/correlation.ts';
import { logger } from '#shared/powertools/logger.ts';

export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & { authorizer?: Record<string, unknown> };
};

export interface WebSocketRequest {
  connectionId: string;
  /** null when the connection carries no verified principal (never after an authorised $connect). */
  principal: Principal | null;
  body: string | undefined;
  correlationId: string;
  event: WebSocketEvent;
}

export type WebSocketResult = { statusCode: number; body?: string };

export function wsRoute(handle: (request: WebSocketRequest) => Promise<WebSocketResult>) {
  return middy<WebSocketEvent, WebSocketResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { connectionId, requestId, routeKey } = event.requestContext;
      const correlationId = correlationIdFrom(requestId);
      logger.appendKeys({ correlation_id: correlationId, connection_id: connectionId, route: routeKey });
      const auth = decodeAuthentication(event.requestContext.authorizer);
      try {
        return await handle({
          connectionId,
          principal: auth.authenticated ? auth.principal : null,
          body: event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
          correlationId,
          event,
        });
      } catch (error) {
        logger.error('WebSocket route failed', error as Error);
        return { statusCode: 500 };
      }
    });
}
