// Errors are values with a code; this table is the one place a code becomes an HTTP status.
import type { z } from 'zod/mini';
import type { ErrorCode } from '#shared/schemas/common.ts';

export type ErrorCodeName = z.infer<typeof ErrorCode>;

export const statusOf: Record<ErrorCodeName, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCodeName,
    message: string,
    readonly details?: unknown,
    /** Extra response headers (Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
export const validationFailed = (message: string, details?: unknown) => new AppError('validation_failed', message, details);
