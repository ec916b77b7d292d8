// The pure half of the twin's HTTP API: how a request as received (target, raw headers, body) becomes
// API Gateway's Lambda proxy event, payload format 2.0, and the REQUEST authorizer's event. No I/O:
// the request id, the time, the trace id and the socket facts come in as values.
import { ACCOUNT_ID, REGION } from './aws-env.ts';
import { parseQuery, requestTime, safeDecode } from './http-common.ts';

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

// ---- request parsing ------------------------------------------------------------------------

export const HOP_BY_HOP = new Set([
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

/** What node:http hands over of a request line and its headers. */
export interface RawRequest {
  /** The request target as sent (origin form, or absolute form). */
  url?: string | undefined;
  method?: string | undefined;
  /** Alternating names and values, in arrival order. */
  rawHeaders: string[];
}

export interface ParsedRequest {
  method: string;
  /** The path's segments, still percent-encoded (for route matching). */
  rawSegments: string[];
  /** The decoded path. */
  rawPath: string;
  rawQueryString: string;
  /** Lower-case names; repeats comma-joined; no hop-by-hop headers, no cookie. */
  headers: Record<string, string>;
  cookies: string[];
  /** Decoded; repeats comma-joined. */
  query: Record<string, string>;
}

/** Splits the request target and headers the way HTTP APIs do; null for a target that is not a URL. */
export function parseRequest(req: RawRequest): ParsedRequest | null {
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
  const { headers, cookies } = parseHeaders(req.rawHeaders);
  const query: Record<string, string> = {};
  for (const [key, value] of parseQuery(rawQueryString)) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  return { method: (req.method ?? 'GET').toUpperCase(), rawSegments, rawPath, rawQueryString, headers, cookies, query };
}

function parseHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (HOP_BY_HOP.has(name)) continue;
    if (name === 'cookie') {
      for (const cookie of value.split(';')) if (cookie.trim()) cookies.push(cookie.trim());
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

// ---- events ---------------------------------------------------------------------------------

/** Everything about one routed request that the events carry, beyond the parsed request itself. */
export interface RequestFacts {
  request: ParsedRequest;
  apiId: string;
  requestId: string;
  /** When the request arrived (ms since the epoch). */
  timeEpoch: number;
  sourceIp: string;
  /** e.g. '1.1' (node's req.httpVersion). */
  httpVersion: string;
  /** The gateway's own port (x-forwarded-port). */
  localPort: number | undefined;
  /** The x-amzn-trace-id to add when the client sent none. */
  traceId: string;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/** The client's headers plus those the gateway adds on the way to the integration. */
export function forwardedHeaders(facts: RequestFacts): Record<string, string> {
  const headers: Record<string, string> = { ...facts.request.headers };
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${facts.sourceIp}` : facts.sourceIp;
  headers['x-forwarded-port'] = String(facts.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= facts.traceId;
  return headers;
}

export function requestContextOf(facts: RequestFacts, authorizer?: LambdaAuthorizerContext): HttpApiRequestContextV2 {
  const host = facts.request.headers.host ?? '';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return {
    accountId: ACCOUNT_ID,
    apiId: facts.apiId,
    ...(authorizer ? { authorizer: { lambda: authorizer.lambda === null ? null : structuredClone(authorizer.lambda) } } : {}),
    domainName: host,
    domainPrefix: hostname.split('.')[0] ?? hostname,
    http: {
      method: facts.request.method,
      path: facts.request.rawPath,
      protocol: `HTTP/${facts.httpVersion}`,
      sourceIp: facts.sourceIp,
      userAgent: facts.request.headers['user-agent'] ?? '',
    },
    requestId: facts.requestId,
    routeKey: facts.routeKey,
    stage: '$default',
    time: requestTime(facts.timeEpoch),
    timeEpoch: facts.timeEpoch,
  };
}

const optional = <K extends string, V>(key: K, value: V, present: boolean) => (present ? ({ [key]: value } as { [P in K]: V }) : {});

/** The Lambda REQUEST authorizer's event (identity source: the Authorization header). */
export function buildAuthorizerEvent(facts: RequestFacts, identity: string): HttpApiAuthorizerEventV2 {
  const { request } = facts;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${facts.apiId}/$default/${request.method}${request.rawPath}`,
    identitySource: [identity],
    routeKey: facts.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...optional('cookies', [...request.cookies], request.cookies.length > 0),
    headers: forwardedHeaders(facts),
    ...optional('queryStringParameters', { ...request.query }, Object.keys(request.query).length > 0),
    requestContext: requestContextOf(facts),
    ...optional('pathParameters', { ...facts.pathParameters }, Object.keys(facts.pathParameters).length > 0),
  };
}

/** The integration's event; `authorizer` is the authorizer's context on a protected route. */
export function buildHttpEvent(facts: RequestFacts, body: Buffer, authorizer?: LambdaAuthorizerContext): HttpApiEventV2 {
  const { request } = facts;
  let bodyFields: { body?: string; isBase64Encoded: boolean } = { isBase64Encoded: false };
  if (body.length > 0) {
    const text = isTextContentType(request.headers['content-type']);
    bodyFields = { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text };
  }
  // Field order as in the real payload.
  return {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...optional('cookies', [...request.cookies], request.cookies.length > 0),
    headers: forwardedHeaders(facts),
    ...optional('queryStringParameters', { ...request.query }, Object.keys(request.query).length > 0),
    requestContext: requestContextOf(facts, authorizer),
    ...optional('pathParameters', { ...facts.pathParameters }, Object.keys(facts.pathParameters).length > 0),
    ...bodyFields,
  };
}
