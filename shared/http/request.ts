// Turns an API Gateway HTTP API (payload v2.0) event into a checked request: who calls, may they
// call this route, and a body, query and path that pass the route's schemas. Every refusal is an
// AppError, so bad input is always a 4xx in the envelope and never a 5xx.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ZodMiniType, z } from 'zod/mini';
import type { Access } from '#infra/wiring-types.ts';
import { decodeAuthentication } from '#shared/auth/context.ts';
import { mayCall, type Principal } from '#shared/auth/principal.ts';
import { AppError } from './errors.ts';

export interface RouteSchemas {
  body?: ZodMiniType;
  query?: ZodMiniType;
  path?: ZodMiniType;
}

type Parsed<S, K extends keyof RouteSchemas> = S extends { [P in K]: infer T extends ZodMiniType } ? z.output<T> : undefined;

export interface RouteRequest<S extends RouteSchemas> {
  body: Parsed<S, 'body'>;
  query: Parsed<S, 'query'>;
  path: Parsed<S, 'path'>;
  /** null only on public routes. */
  principal: Principal | null;
  correlationId: string;
  headers: Record<string, string | undefined>;
  routeKey: string;
}

/** What the plumbing knows about the route, from the wiring (via the function's environment). */
export interface RoutePolicy {
  access: Record<string, Access>;
  agentRoutes: ReadonlySet<string>;
  maxBodyBytes: number;
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { lambda?: Record<string, unknown> } };
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function authorise(event: HttpEvent, policy: RoutePolicy): Principal | null {
  const access = policy.access[event.routeKey];
  if (access === undefined) throw new AppError('internal', `Route ${event.routeKey} is not declared for this function`);
  if (access === 'public') return null;
  const auth = decodeAuthentication(event.requestContext.authorizer?.lambda);
  if (!auth.authenticated) {
    const description = auth.reason.replace(/["\\]/g, '');
    throw new AppError('unauthorized', `Authentication failed: ${auth.reason}`, undefined, {
      'www-authenticate': `Bearer realm="scorecast", error="invalid_token", error_description="${description}"`,
    });
  }
  if (!mayCall(auth.principal, access, policy.agentRoutes.has(event.routeKey))) {
    throw new AppError(
      'forbidden',
      auth.principal.principalType === 'agent' ? 'Agents may not call this route' : `This route requires the ${access} role`,
    );
  }
  return auth.principal;
}

function validate<T extends ZodMiniType>(schema: T, value: unknown, where: 'body' | 'query' | 'path'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    `The request ${where} is invalid`,
    result.error.issues.map((issue) => ({
      location: where,
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

function readBody(event: HttpEvent, schema: ZodMiniType, maxBodyBytes: number): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBodyBytes)
    throw new AppError('payload_too_large', `The request body is larger than ${maxBodyBytes} bytes`, {
      limit_bytes: maxBodyBytes,
    });
  if (bytes.byteLength === 0) return validate(schema, undefined, 'body');
  const contentType = event.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(contentType))
    throw new AppError('unsupported_media_type', 'The request body must be sent as application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('validation_failed', 'The request body is not valid JSON');
  }
  return validate(schema, parsed, 'body');
}

export function parseRequest<S extends RouteSchemas>(
  event: HttpEvent,
  schemas: S,
  policy: RoutePolicy,
  correlationId: string,
): RouteRequest<S> {
  const principal = authorise(event, policy);
  const body = schemas.body ? readBody(event, schemas.body, policy.maxBodyBytes) : undefined;
  const query = schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined;
  const path = schemas.path ? validate(schemas.path, event.pathParameters ?? {}, 'path') : undefined;
  return {
    body,
    query,
    path,
    principal,
    correlationId,
    headers: event.headers ?? {},
    routeKey: event.routeKey,
  } as RouteRequest<S>;
}
