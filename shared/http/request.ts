// Turns an API Gateway HTTP API (payload v2.0) event into a checked request: who calls, may they
// call this route, and a body, query and path that pass the route's schemas. Every refusal is an
// AppError, so bad input is always a 4xx in the envelope and never a 5xx.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ZodMiniType, z } from 'zod/mini';
import type { RoutePolicy } from '#shared/contract/access.ts';
import type { DeclaredRoute } from '#shared/contract/routes.ts';
import { decodeAuthentication } from '#shared/auth/context.ts';
import { mayCall, type Principal } from '#shared/auth/principal.ts';
import { AppError } from './errors.ts';
import { describeIssue } from '#shared/schemas/messages.ts';

export interface RouteSchemas {
  body?: ZodMiniType;
  query?: ZodMiniType;
  path?: ZodMiniType;
}

type Parsed<S, K extends keyof RouteSchemas> = S extends { [P in K]: infer T extends ZodMiniType } ? z.output<T> : undefined;

/** What a handler gets: the declared route's inputs, checked and typed, and who calls. */
export interface RouteRequest<D extends DeclaredRoute> {
  body: Parsed<D['schemas'], 'body'>;
  query: Parsed<D['schemas'], 'query'>;
  path: Parsed<D['schemas'], 'path'>;
  /** null only on public routes. */
  principal: D['access'] extends 'public' ? null : Principal;
  correlationId: string;
  headers: Record<string, string | undefined>;
  routeKey: string;
  /** Milliseconds until the function times out (Lambda's context): a long read stops in time and pages. */
  remainingTimeMs: () => number;
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { lambda?: Record<string, unknown> } };
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Who is calling: null on public routes; 401 when the authorizer could not authenticate. */
export function authenticateCaller(event: HttpEvent, policy: RoutePolicy): Principal | null {
  if (policy.access === 'public') return null;
  const auth = decodeAuthentication(event.requestContext.authorizer?.lambda);
  if (!auth.authenticated) {
    const description = auth.reason.replace(/["\\]/g, '');
    throw new AppError('unauthorized', `Authentication failed: ${auth.reason}`, undefined, {
      'www-authenticate': `Bearer realm="scorecast", error="invalid_token", error_description="${description}"`,
    });
  }
  return auth.principal;
}

/** 403 unless the principal's role (or, for agents, the route) allows the call. */
export function authoriseCaller(principal: Principal | null, policy: RoutePolicy): void {
  if (!principal || mayCall(principal, policy.access, policy.agents)) return;
  throw new AppError(
    'forbidden',
    policy.access === 'agent'
      ? 'Only agents may call this route'
      : principal.principalType === 'agent'
        ? 'Agents may not call this route'
        : `This route requires the ${policy.access} role`,
  );
}

/** The first few problems, each with its field: "limit must be an integer from 1 to 200". */
function summary(details: { path: string; message: string }[], where: string): string {
  const shown = details.slice(0, 3).map((detail) => `${detail.path || where} ${detail.message}`);
  return shown.join('; ') + (details.length > shown.length ? `; and ${details.length - shown.length} more` : '');
}

function validate<T extends ZodMiniType>(schema: T, value: unknown, where: 'body' | 'query' | 'path'): z.output<T> {
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    location: where,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new AppError('validation_failed', `The request ${where} is invalid: ${summary(details, where)}`, details);
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
  if (!JSON_TYPE.test(contentType)) throw new AppError('unsupported_media_type', 'The request body must be sent as application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('validation_failed', 'The request body is not valid JSON');
  }
  return validate(schema, parsed, 'body');
}

/** Body, query and path checked against the route's schemas (413, 415 and 400 otherwise). */
export function parseInput<D extends DeclaredRoute>(event: HttpEvent, schemas: D['schemas'], maxBodyBytes: number) {
  return {
    body: schemas.body ? readBody(event, schemas.body, maxBodyBytes) : undefined,
    query: schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined,
    path: schemas.path ? validate(schemas.path, event.pathParameters ?? {}, 'path') : undefined,
  } as Pick<RouteRequest<D>, 'body' | 'query' | 'path'>;
}
