// Route results and their rendering as HTTP API v2 structured responses.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AppError } from './errors.ts';
import { CORRELATION_HEADER } from './correlation.ts';

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** What the audit log names as the resource (default: the request path). */
  resource?: string;
}

export const ok = (body: unknown, headers?: Record<string, string>): RouteResult => ({ status: 200, body, headers });
export const created = (body: unknown, resource?: string): RouteResult => ({ status: 201, body, resource });
export const accepted = (body: unknown, resource?: string): RouteResult => ({ status: 202, body, resource });
export const noContent = (): RouteResult => ({ status: 204 });

export function render(result: RouteResult, correlationId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...result.headers, [CORRELATION_HEADER]: correlationId };
  if (result.status === 204 || result.body === undefined) return { statusCode: result.status, headers };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(result.body),
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
