// The local twin's API Gateway HTTP API: the routes declared in the wiring, served on node:http
// with the $default stage and Lambda proxy payload format 2.0. It reproduces what a handler or a
// client can observe of the real service: the exact v2.0 event, the Lambda REQUEST authorizer with
// simple responses and its cache keyed by the Authorization header, API Gateway's own 401/403/404/
// 413/500/503 bodies, CORS answered by the gateway as the stack configures it, and how a function's
// result becomes a response (structured or implicit JSON).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpRouteDecl, Wiring } from '../wiring-types.ts';
import { routeKey } from '../wiring-env.ts';
import { ACCOUNT_ID, REGION } from './aws-env.ts';
import {
  describeError,
  formatUrl,
  gatewayId,
  listen,
  parseQuery,
  readBody,
  requestTime,
  safeDecode,
  sourceIpOf,
  traceHeader,
} from './http-common.ts';
import { FunctionError, type Invoker } from './invoker.ts';

/** HTTP API payload limit. */
export const HTTP_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpGatewayOptions {
  wiring: Wiring;
  invoker: Invoker;
  /** 0 (the default) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Allowed CORS origins; '*' allows any. Empty: CORS is not configured (no preflight answers). */
  corsOrigins: string[];
  /** Called once per request after the response is sent (an access log). */
  onRequest?: (log: HttpRequestLog) => void;
  /** The API id in events and ARNs (default 'localhttp0'). */
  apiId?: string;
}

export interface HttpGateway {
  /** http://host:port, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Forgets every cached authorizer result (as redeploying the authorizer would). */
  clearAuthorizerCache(): void;
}

/** One access-log record, in the spirit of API Gateway's $context access-log variables. */
export interface HttpRequestLog {
  requestId: string;
  /** ISO time the request arrived. */
  time: string;
  sourceIp: string;
  method: string;
  /** The decoded path. */
  path: string;
  /** The matched route key, or null (preflight, 404, 413, malformed). */
  routeKey: string | null;
  status: number;
  responseBytes: number;
  durationMs: number;
  authorizer?: { cached: boolean; latencyMs: number; outcome: 'allow' | 'deny' | 'error' };
  integration?: { function: string; latencyMs: number; error?: string; timedOut?: boolean };
  /** Why the gateway itself answered (e.g. 'missing identity source', 'route not found'). */
  error?: string;
}

/** The authorizer context as the route sees it. */
export interface LambdaAuthorizerContext {
  lambda: Record<string, unknown> | null;
}

export interface HttpApiRequestContextV2 {
  accountId: string;
  apiId: string;
  authorizer?: LambdaAuthorizerContext;
  domainName: string;
  domainPrefix: string;
  http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  requestId: string;
  routeKey: string;
  stage: string;
  time: string;
  timeEpoch: number;
}

/** Lambda proxy integration, payload format 2.0. */
export interface HttpApiEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: HttpApiRequestContextV2;
  body?: string;
  isBase64Encoded: boolean;
}

/** HTTP API Lambda REQUEST authorizer event, payload format 2.0. */
export interface HttpApiAuthorizerEventV2 {
  version: '2.0';
  type: 'REQUEST';
  routeArn: string;
  identitySource: string[];
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: HttpApiRequestContextV2;
  pathParameters?: Record<string, string>;
}

// ---- routes ---------------------------------------------------------------------------------

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute {
  decl: HttpRouteDecl;
  key: string;
  method: string;
  segments: Segment[];
}

const LITERAL = 2;
const PARAM = 1;
const GREEDY = 0;

function compileRoute(decl: HttpRouteDecl): CompiledRoute {
  const segments = decl.path
    .split('/')
    .slice(1)
    .map((part, index, all): Segment => {
      const param = /^\{([^{}]+)\}$/.exec(part);
      if (!param) return { kind: 'literal', value: part };
      const name = param[1]!;
      if (name.endsWith('+')) {
        if (index !== all.length - 1) throw new Error(`Greedy path variable must be last: ${decl.path}`);
        return { kind: 'greedy', name: name.slice(0, -1) };
      }
      return { kind: 'param', name };
    });
  return { decl, key: routeKey(decl), method: decl.method.toUpperCase(), segments };
}

interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
  ranks: number[];
}

/** Matches the raw (still percent-encoded) path segments; parameters come out decoded. */
function matchRoute(route: CompiledRoute, rawSegments: string[]): RouteMatch | null {
  const params: Record<string, string> = {};
  const ranks: number[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = rawSegments.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return null;
      params[segment.name] = rest.map(safeDecode).join('/');
      ranks.push(GREEDY);
      return { route, params, ranks };
    }
    const raw = rawSegments[i];
    if (raw === undefined) return null;
    if (segment.kind === 'literal') {
      if (safeDecode(raw) !== segment.value) return null;
      ranks.push(LITERAL);
    } else {
      if (raw === '') return null;
      params[segment.name] = safeDecode(raw);
      ranks.push(PARAM);
    }
  }
  return rawSegments.length === route.segments.length ? { route, params, ranks } : null;
}

/** Most specific first: segment by segment, literal > {param} > {proxy+}; then an exact method over ANY. */
function moreSpecific(a: RouteMatch, b: RouteMatch): number {
  const n = Math.max(a.ranks.length, b.ranks.length);
  for (let i = 0; i < n; i++) {
    const ra = a.ranks[i] ?? -1;
    const rb = b.ranks[i] ?? -1;
    if (ra !== rb) return rb - ra;
  }
  return (a.route.method === 'ANY' ? 1 : 0) - (b.route.method === 'ANY' ? 1 : 0);
}

// ---- request parsing ------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const TEXT_TYPE =
  /^\s*(?:text\/[^;\s]+|application\/(?:[\w.+-]+\+)?json|application\/xml|application\/javascript|application\/x-www-form-urlencoded)\s*(?:;|$)/i;

export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPE.test(contentType);
}

interface ParsedRequest {
  method: string;
  rawSegments: string[];
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  cookies: string[];
  query: Record<string, string>;
}

function parseRequest(req: IncomingMessage): ParsedRequest | null {
  let target = req.url ?? '/';
  if (!target.startsWith('/')) {
    try {
      const absolute = new URL(target);
      target = absolute.pathname + absolute.search;
    } catch {
      return null;
    }
  }
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const encodedPath = q === -1 ? target : target.slice(0, q);
  const rawQueryString = q === -1 ? '' : target.slice(q + 1);
  const rawSegments = encodedPath.split('/').slice(1);
  // HTTP APIs hand the path over decoded (rawPath and requestContext.http.path alike).
  const rawPath = `/${rawSegments.map(safeDecode).join('/')}`;

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (HOP_BY_HOP.has(name)) continue;
    if (name === 'cookie') {
      for (const cookie of value.split(';')) if (cookie.trim()) cookies.push(cookie.trim());
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }

  const query: Record<string, string> = {};
  for (const [key, value] of parseQuery(rawQueryString)) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;

  return { method: (req.method ?? 'GET').toUpperCase(), rawSegments, rawPath, rawQueryString, headers, cookies, query };
}

// ---- responses ------------------------------------------------------------------------------

type HeaderList = Array<[string, string]>;

interface Reply {
  status: number;
  headers: HeaderList;
  body: Buffer;
}

const json = (status: number, message: string): Reply => ({
  status,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify({ message })),
});

export const GATEWAY_REPLIES = {
  unauthorized: () => json(401, 'Unauthorized'),
  forbidden: () => json(403, 'Forbidden'),
  notFound: () => json(404, 'Not Found'),
  tooLarge: () => json(413, 'Request Entity Too Large'),
  internal: () => json(500, 'Internal Server Error'),
  unavailable: () => json(503, 'Service Unavailable'),
  badRequest: () => json(400, 'Bad Request'),
};

const headerValue = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

/** Turns a function's result into the response, as payload format 2.0 does; null when it is invalid. */
function resultToReply(result: unknown): Reply | null {
  const structured = result !== null && typeof result === 'object' && 'statusCode' in result;
  if (!structured) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  const r = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const status = typeof r.statusCode === 'string' ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null;
  const headers: HeaderList = [];
  if (r.headers && typeof r.headers === 'object') {
    for (const [name, value] of Object.entries(r.headers)) if (value !== undefined && value !== null) headers.push([name, headerValue(value)]);
  }
  if (r.multiValueHeaders && typeof r.multiValueHeaders === 'object') {
    for (const [name, values] of Object.entries(r.multiValueHeaders)) {
      for (const value of Array.isArray(values) ? values : [values])
        if (value !== undefined && value !== null) headers.push([name, headerValue(value)]);
    }
  }
  if (Array.isArray(r.cookies)) for (const cookie of r.cookies) headers.push(['set-cookie', String(cookie)]);
  let body = Buffer.alloc(0);
  if (r.body !== undefined && r.body !== null) {
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  }
  return { status, headers, body };
}

// ---- the gateway ----------------------------------------------------------------------------

interface CachedAuthorization {
  expiresAt: number;
  isAuthorized: boolean;
  context: Record<string, unknown> | null;
}

export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const { wiring, invoker } = options;
  const host = options.host ?? '127.0.0.1';
  const apiId = options.apiId ?? 'localhttp0';
  const routes = wiring.http.routes.map(compileRoute);
  const cors = wiring.http.cors;
  const corsOrigins = options.corsOrigins;
  const corsConfigured = corsOrigins.length > 0;
  const authorizerCache = new Map<string, CachedAuthorization>();
  const cacheTtlMs = Math.max(0, wiring.authorizer.cacheTtlSeconds * 1000);

  const allowedOrigin = (origin: string | undefined): string | null => {
    if (!corsConfigured || !origin) return null;
    if (corsOrigins.includes('*')) return '*';
    return corsOrigins.includes(origin) ? origin : null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const timeEpoch = Date.now();
    const requestId = gatewayId();
    const sourceIp = sourceIpOf(req);
    const log: HttpRequestLog = {
      requestId,
      time: new Date(timeEpoch).toISOString(),
      sourceIp,
      method: req.method ?? '',
      path: req.url ?? '',
      routeKey: null,
      status: 0,
      responseBytes: 0,
      durationMs: 0,
    };
    const origin = req.headers.origin;

    /** Completes the access-log record and hands it over. */
    const report = () => {
      log.durationMs = elapsed(started);
      try {
        options.onRequest?.(log);
      } catch {
        // A broken logger never breaks a request.
      }
    };

    const finish = (reply: Reply, error?: string) => {
      if (error) log.error = error;
      const headers: HeaderList = [];
      const allowed = allowedOrigin(origin);
      for (const [name, value] of reply.headers) {
        const lower = name.toLowerCase();
        // API Gateway ignores CORS headers from the integration when CORS is configured.
        if (corsConfigured && lower.startsWith('access-control-')) continue;
        if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection' || HOP_BY_HOP.has(lower)) continue;
        headers.push([name, value]);
      }
      if (allowed) {
        headers.push(['access-control-allow-origin', allowed]);
        if (cors.exposeHeaders.length > 0) headers.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
        if (allowed !== '*') headers.push(['vary', 'Origin']);
      }
      headers.push(['apigw-requestid', requestId]);
      const noBody = reply.status === 204 || reply.status === 304 || req.method === 'HEAD';
      if (!noBody) headers.push(['content-length', String(reply.body.length)]);
      try {
        res.writeHead(reply.status, headers.flat());
        res.end(noBody ? undefined : reply.body);
      } catch {
        // An invalid header from the function: API Gateway answers with its own 500.
        if (!res.headersSent) {
          const fallback = GATEWAY_REPLIES.internal();
          res.writeHead(500, ['content-type', 'application/json', 'apigw-requestid', requestId, 'content-length', String(fallback.body.length)]);
          res.end(fallback.body);
          reply = fallback;
          log.error = 'invalid response headers from the integration';
        } else res.destroy();
      }
      log.status = res.statusCode;
      log.responseBytes = noBody ? 0 : reply.body.length;
      report();
    };

    const parsed = parseRequest(req);
    if (!parsed) {
      req.resume();
      return finish(GATEWAY_REPLIES.badRequest(), 'malformed request target');
    }
    log.path = parsed.rawPath;

    // CORS preflight: answered by the gateway itself, whatever the routes.
    if (corsConfigured && parsed.method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
      req.resume();
      const allowed = allowedOrigin(origin);
      const headers: HeaderList = [];
      if (allowed) {
        headers.push(
          ['access-control-allow-origin', allowed],
          ['access-control-allow-methods', cors.allowMethods.join(',')],
          ['access-control-allow-headers', cors.allowHeaders.join(',')],
          ['access-control-max-age', String(cors.maxAgeSeconds)],
        );
        if (allowed !== '*') headers.push(['vary', 'Origin']);
      }
      // Written directly: finish() would drop the access-control headers as an integration's.
      headers.push(['apigw-requestid', requestId]);
      res.writeHead(204, headers.flat());
      res.end();
      log.status = 204;
      if (!allowed) log.error = 'preflight from an origin that is not allowed';
      return report();
    }

    let best: RouteMatch | null = null;
    for (const route of routes) {
      if (route.method !== parsed.method && route.method !== 'ANY') continue;
      const match = matchRoute(route, parsed.rawSegments);
      if (match && (!best || moreSpecific(match, best) < 0)) best = match;
    }

    const body = await readBody(req, HTTP_MAX_BODY_BYTES);
    if (!body.ok) {
      if (body.tooLarge) return finish(GATEWAY_REPLIES.tooLarge(), 'request body over 10 MB');
      res.destroy();
      return;
    }
    if (!best) return finish(GATEWAY_REPLIES.notFound(), 'route not found');
    const route = best.route;
    log.routeKey = route.key;

    const host = parsed.headers.host ?? '';
    const domainName = host;
    const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    const headers: Record<string, string> = { ...parsed.headers };
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
    headers['x-forwarded-proto'] = 'http';
    headers['x-amzn-trace-id'] ??= traceHeader(timeEpoch);

    const requestContext: HttpApiRequestContextV2 = {
      accountId: ACCOUNT_ID,
      apiId,
      domainName,
      domainPrefix: hostname.split('.')[0] ?? hostname,
      http: {
        method: parsed.method,
        path: parsed.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: parsed.headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.key,
      stage: '$default',
      time: requestTime(timeEpoch),
      timeEpoch,
    };
    const hasQuery = Object.keys(parsed.query).length > 0;
    const hasParams = Object.keys(best.params).length > 0;

    if (route.decl.access !== 'public') {
      const identity = parsed.headers.authorization;
      if (!identity) return finish(GATEWAY_REPLIES.unauthorized(), 'missing identity source');
      const authStarted = performance.now();
      let cached = cacheTtlMs > 0 ? authorizerCache.get(identity) : undefined;
      if (cached && cached.expiresAt <= Date.now()) {
        authorizerCache.delete(identity);
        cached = undefined;
      }
      let decision: CachedAuthorization;
      if (cached) {
        decision = cached;
        log.authorizer = { cached: true, latencyMs: 0, outcome: cached.isAuthorized ? 'allow' : 'deny' };
      } else {
        const authEvent: HttpApiAuthorizerEventV2 = {
          version: '2.0',
          type: 'REQUEST',
          routeArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${apiId}/$default/${parsed.method}${parsed.rawPath}`,
          identitySource: [identity],
          routeKey: route.key,
          rawPath: parsed.rawPath,
          rawQueryString: parsed.rawQueryString,
          ...(parsed.cookies.length > 0 ? { cookies: [...parsed.cookies] } : {}),
          headers: { ...headers },
          ...(hasQuery ? { queryStringParameters: { ...parsed.query } } : {}),
          requestContext: structuredClone(requestContext),
          ...(hasParams ? { pathParameters: { ...best.params } } : {}),
        };
        let result: unknown;
        try {
          result = await invoker.invoke(wiring.authorizer.function, authEvent);
        } catch (error) {
          log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: 'error' };
          return finish(GATEWAY_REPLIES.internal(), `authorizer failed: ${describeError(error)}`);
        }
        const simple = result as { isAuthorized?: unknown; context?: unknown } | null;
        if (!simple || typeof simple !== 'object' || typeof simple.isAuthorized !== 'boolean') {
          log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: 'error' };
          return finish(GATEWAY_REPLIES.internal(), 'authorizer returned an invalid simple response');
        }
        const context =
          simple.context !== null && typeof simple.context === 'object' && !Array.isArray(simple.context)
            ? (simple.context as Record<string, unknown>)
            : null;
        decision = { isAuthorized: simple.isAuthorized, context, expiresAt: Date.now() + cacheTtlMs };
        if (cacheTtlMs > 0) authorizerCache.set(identity, decision);
        log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: decision.isAuthorized ? 'allow' : 'deny' };
      }
      if (!decision.isAuthorized) return finish(GATEWAY_REPLIES.forbidden(), 'authorizer denied the request');
      requestContext.authorizer = { lambda: decision.context === null ? null : structuredClone(decision.context) };
    }

    let bodyFields: { body?: string; isBase64Encoded: boolean } = { isBase64Encoded: false };
    if (body.body.length > 0) {
      const text = isTextContentType(parsed.headers['content-type']);
      bodyFields = { body: text ? body.body.toString('utf8') : body.body.toString('base64'), isBase64Encoded: !text };
    }
    // Field order as in the real payload.
    const event: HttpApiEventV2 = {
      version: '2.0',
      routeKey: route.key,
      rawPath: parsed.rawPath,
      rawQueryString: parsed.rawQueryString,
      ...(parsed.cookies.length > 0 ? { cookies: parsed.cookies } : {}),
      headers,
      ...(hasQuery ? { queryStringParameters: parsed.query } : {}),
      requestContext,
      ...(hasParams ? { pathParameters: best.params } : {}),
      ...bodyFields,
    };

    const fnStarted = performance.now();
    let result: unknown;
    try {
      result = await invoker.invoke(route.decl.function, event);
    } catch (error) {
      const timedOut = error instanceof FunctionError && error.timedOut;
      log.integration = { function: route.decl.function, latencyMs: elapsed(fnStarted), error: describeError(error), timedOut };
      return finish(timedOut ? GATEWAY_REPLIES.unavailable() : GATEWAY_REPLIES.internal(), timedOut ? 'function timed out' : 'function failed');
    }
    log.integration = { function: route.decl.function, latencyMs: elapsed(fnStarted) };
    const reply = resultToReply(result);
    if (!reply) return finish(GATEWAY_REPLIES.internal(), 'function returned an invalid response');
    finish(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        const reply = GATEWAY_REPLIES.internal();
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(reply.body.length) });
        res.end(reply.body);
      } else res.destroy();
    });
  });
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) {
      const body = JSON.stringify({ message: 'Bad Request' });
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });

  const port = await listen(server, options.port ?? 0, host);

  return {
    url: formatUrl('http', host, port),
    port,
    clearAuthorizerCache: () => authorizerCache.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 1000) / 1000;
}
