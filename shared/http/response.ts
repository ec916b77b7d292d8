// Route results and their rendering as HTTP API v2 structured responses.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod/mini';
import type { DeclaredRoute } from '#shared/contract/routes.ts';
import type { TextResponse } from '#shared/contract/text-response.ts';
import type { ResponseName, ResponseSchemas } from '#shared/routes/responses.ts';
import type { AppError } from './errors.ts';
import { CORRELATION_HEADER } from './correlation.ts';
import { TextBody } from './text-body.ts';

export interface RouteResult<S extends number = number, B = unknown> {
  status: S;
  body?: B;
  headers?: Record<string, string>;
  /** What the audit log names as the resource (default: the request path). */
  resource?: string;
}

type Responses<D extends DeclaredRoute> = D['schemas']['responses'];

/** The body a declared response takes: its named schema's input, a TextBody of one of its media types, or anything (null). */
type BodyOf<R> = R extends TextResponse<infer M> ? TextBody<M> : R extends ResponseName ? z.input<ResponseSchemas[R]> : unknown;

/**
 * What a declared route's handler may answer: one of its declared statuses with a body its
 * response schema accepts (a view with a field the schema lacks is a type error, so OpenAPI
 * cannot drift from what the API answers). A `null` schema (no JSON schema published) takes any body.
 */
export type ResultOf<D extends DeclaredRoute> = {
  [S in keyof Responses<D> & number]: RouteResult<S, BodyOf<Responses<D>[S]>>;
}[keyof Responses<D> & number];

/** A body already serialized as JSON (the OpenAPI document, generated at build time): sent as it is, not stringified again. */
export class SerializedJson {
  constructor(readonly json: string) {}
}

export const ok = <B>(body: B, headers?: Record<string, string>) => ({ status: 200 as const, body, headers });
export const created = <B>(body: B, resource?: string) => ({ status: 201 as const, body, resource });
export const accepted = <B>(body: B, resource?: string) => ({ status: 202 as const, body, resource });
export const noContent = () => ({ status: 204 as const });

export function render(result: RouteResult, correlationId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...result.headers, [CORRELATION_HEADER]: correlationId };
  if (result.status === 204 || result.body === undefined) return { statusCode: result.status, headers };
  if (result.body instanceof TextBody)
    return { statusCode: result.status, headers: { 'content-type': `${result.body.mediaType}; charset=utf-8`, ...headers }, body: result.body.text };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: result.body instanceof SerializedJson ? result.body.json : JSON.stringify(result.body),
  };
}

export function renderError(error: AppError, correlationId: string): APIGatewayProxyStructuredResultV2 {
  return render(
    {
      status: error.status,
      headers: error.headers,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
          correlation_id: correlationId,
        },
      },
    },
    correlationId,
  );
}
