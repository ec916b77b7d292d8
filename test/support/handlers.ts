// Calling HTTP handlers in-process the way API Gateway does: an HTTP API v2 event with the
// authorizer's context for a caller, and the response's JSON body parsed.
import { encodeAuthentication } from '#shared/auth/context.ts';
import type { Principal, Role } from '#shared/auth/principal.ts';
import { httpEvent, lambdaContext } from './lambda.ts';

export type HttpHandler = (event: never, context: never) => Promise<{ statusCode?: number; body?: string; headers?: Record<string, unknown> }>;

/** Loads route modules (`{ name: import('…') }`, started after the engines are up) into `into`, by name. */
export async function loadHandlers(into: Record<string, HttpHandler>, modules: Record<string, Promise<{ handler: unknown }>>): Promise<void> {
  for (const [name, module] of Object.entries(modules)) into[name] = (await module).handler as HttpHandler;
}

export const user = (tenantId: string, role: Role, principalId = `${role}-1`): Principal => ({
  tenantId,
  principalType: 'user',
  principalId,
  roles: [role],
  locations: null,
  agentId: null,
});

export const agentCaller = (tenantId: string, agentId: string): Principal => ({
  tenantId,
  principalType: 'agent',
  principalId: agentId,
  roles: [],
  locations: null,
  agentId,
});

export interface CallOptions {
  as?: Principal;
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** Calls `handler` as the route `routeKey` (`'GET /v1/agents/{agent_id}'`), path parameters filled in. */
export async function call<T = any>(handler: HttpHandler, routeKey: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const params = options.params ?? {};
  const path = routeKey.split(' ')[1]!.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const event = httpEvent({
    routeKey,
    path,
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.query ? { query: options.query } : {}),
    ...(options.params ? { pathParameters: options.params } : {}),
    ...(options.as ? { authorizer: encodeAuthentication({ authenticated: true, principal: options.as }) } : {}),
  });
  const response = await handler(event as never, lambdaContext(routeKey) as never);
  return {
    status: response.statusCode ?? 200,
    body: response.body ? JSON.parse(response.body) : undefined,
    headers: response.headers ?? {},
  };
}

export type SqsHandler = (event: never, context: never) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/** Runs a queue worker on messages as Lambda's event source mapping hands them over; answers the ids that failed. */
export async function deliver(
  handler: SqsHandler,
  messages: { messageId: string; body: string; receiptHandle?: string }[],
  queueName = 'scorecast-queue',
): Promise<string[]> {
  const event = {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: m.receiptHandle ?? `handle-${m.messageId}`,
      body: m.body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queueName}`,
      awsRegion: 'us-east-1',
    })),
  };
  const result = await handler(event as never, lambdaContext(queueName) as never);
  return result.batchItemFailures.map((f) => f.itemIdentifier);
}
