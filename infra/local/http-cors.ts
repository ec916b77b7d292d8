// CORS as an HTTP API answers it when the stack configures it: the gateway itself answers preflights
// and adds the access-control headers to every response (dropping the integration's own). Pure.
import type { Wiring } from '../wiring-types.ts';

export type HeaderList = Array<[string, string]>;
export type CorsRules = Wiring['http']['cors'];

export class HttpCors {
  constructor(
    private readonly rules: CorsRules,
    /** Allowed origins; '*' allows any. Empty: CORS is not configured. */
    private readonly origins: string[],
  ) {}

  get configured(): boolean {
    return this.origins.length > 0;
  }

  /** The Access-Control-Allow-Origin to answer with, or null. */
  allowedOrigin(origin: string | undefined): string | null {
    if (!this.configured || !origin) return null;
    if (this.origins.includes('*')) return '*';
    return this.origins.includes(origin) ? origin : null;
  }

  /** A request the gateway answers as a preflight, whatever the routes. */
  isPreflight(method: string, origin: string | undefined, requestMethod: string | undefined): boolean {
    return this.configured && method === 'OPTIONS' && !!origin && !!requestMethod;
  }

  /** The preflight answer's headers; empty when the origin is not allowed. */
  preflightHeaders(origin: string | undefined): HeaderList {
    const allowed = this.allowedOrigin(origin);
    if (!allowed) return [];
    const headers: HeaderList = [
      ['access-control-allow-origin', allowed],
      ['access-control-allow-methods', this.rules.allowMethods.join(',')],
      ['access-control-allow-headers', this.rules.allowHeaders.join(',')],
      ['access-control-max-age', String(this.rules.maxAgeSeconds)],
    ];
    if (allowed !== '*') headers.push(['vary', 'Origin']);
    return headers;
  }

  /** API Gateway ignores CORS headers from the integration when CORS is configured. */
  dropsHeader(lowerName: string): boolean {
    return this.configured && lowerName.startsWith('access-control-');
  }

  /** The headers added to an actual (non-preflight) response. */
  responseHeaders(origin: string | undefined): HeaderList {
    const allowed = this.allowedOrigin(origin);
    if (!allowed) return [];
    const headers: HeaderList = [['access-control-allow-origin', allowed]];
    if (this.rules.exposeHeaders.length > 0) headers.push(['access-control-expose-headers', this.rules.exposeHeaders.join(',')]);
    if (allowed !== '*') headers.push(['vary', 'Origin']);
    return headers;
  }
}
