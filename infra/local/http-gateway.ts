// The local twin's API Gateway HTTP API: the routes declared in the wiring, served on node:http
// with the $default stage and Lambda proxy payload format 2.0. It reproduces what a handler or a
// client can observe of the real service: the exact v2.0 event, the Lambda REQUEST authorizer with
// simple responses and its cache keyed by the Authorization header, API Gateway's own 401/403/404/
// 413/500/503 bodies, CORS answered by the gateway as the stack configures it, and how a function's
// result becomes a response (structured or implicit JSON).
//
// This file is the request's path through the gateway and the server's lifecycle; the parts live
// beside it: http-event.ts (the events, pure), http-routes.ts (route matching, pure), http-reply.ts
// (replies, pure), authorizer-cache.ts and http-cors.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Wiring } from '../wiring-types.ts';
import { AuthorizerCache, readSimpleResponse } from './authorizer-cache.ts';
import { describeError, formatUrl, gatewayId, listen, readBody, sourceIpOf, traceHeader } from './http-common.ts';
import { HttpCors, type HeaderList } from './http-cors.ts';
import {
  buildAuthorizerEvent,
  buildHttpEvent,
  HOP_BY_HOP,
  parseRequest,
  type HttpApiEventV2,
  type LambdaAuthorizerContext,
  type RequestFacts,
} from './http-event.ts';
import { GATEWAY_REPLIES, resultToReply, type Reply } from './http-reply.ts';
import { type CompiledRoute, compileRoute, findRoute } from './http-routes.ts';
import { FunctionError, type Invoker } from './invoker.ts';
import type { ResponseCheck } from './response-contract.ts';

export { GATEWAY_REPLIES } from './http-reply.ts';

export {
  isTextContentType,
  type HttpApiAuthorizerEventV2,
  type HttpApiEventV2,
  type HttpApiRequestContextV2,
  type LambdaAuthorizerContext,
} from './http-event.ts';

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
  /** Holds every 2xx body to its route's published schema (tests; response-contract.ts): a breach becomes a 500 naming it. */
  responseCheck?: ResponseCheck;
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

// ---- the gateway ----------------------------------------------------------------------------

interface Gateway {
  options: HttpGatewayOptions;
  apiId: string;
  routes: CompiledRoute[];
  cors: HttpCors;
  authorizerCache: AuthorizerCache;
}

/** One request in flight: what arrived, its access-log record, and where the answer goes. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  started: number;
  timeEpoch: number;
  requestId: string;
  sourceIp: string;
  origin: string | undefined;
  log: HttpRequestLog;
}

function beginExchange(req: IncomingMessage, res: ServerResponse): Exchange {
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
  return { req, res, started, timeEpoch, requestId, sourceIp, origin: req.headers.origin, log };
}

/** Completes the access-log record and hands it over. */
function report(gw: Gateway, ex: Exchange): void {
  ex.log.durationMs = elapsed(ex.started);
  try {
    gw.options.onRequest?.(ex.log);
  } catch {
    // A broken logger never breaks a request.
  }
}

function finish(gw: Gateway, ex: Exchange, reply: Reply, error?: string): void {
  const { req, res, log } = ex;
  if (error) log.error = error;
  const headers: HeaderList = [];
  for (const [name, value] of reply.headers) {
    const lower = name.toLowerCase();
    if (gw.cors.dropsHeader(lower)) continue;
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection' || HOP_BY_HOP.has(lower)) continue;
    headers.push([name, value]);
  }
  headers.push(...gw.cors.responseHeaders(ex.origin));
  headers.push(['apigw-requestid', ex.requestId]);
  const noBody = reply.status === 204 || reply.status === 304 || req.method === 'HEAD';
  if (!noBody) headers.push(['content-length', String(reply.body.length)]);
  try {
    res.writeHead(reply.status, headers.flat());
    res.end(noBody ? undefined : reply.body);
  } catch {
    // An invalid header from the function: API Gateway answers with its own 500.
    if (!res.headersSent) {
      const fallback = GATEWAY_REPLIES.internal();
      res.writeHead(500, ['content-type', 'application/json', 'apigw-requestid', ex.requestId, 'content-length', String(fallback.body.length)]);
      res.end(fallback.body);
      reply = fallback;
      log.error = 'invalid response headers from the integration';
    } else res.destroy();
  }
  log.status = res.statusCode;
  log.responseBytes = noBody ? 0 : reply.body.length;
  report(gw, ex);
}

/** CORS preflight: answered by the gateway itself, whatever the routes. */
function answerPreflight(gw: Gateway, ex: Exchange): void {
  ex.req.resume();
  const headers = gw.cors.preflightHeaders(ex.origin);
  // Written directly: finish() would drop the access-control headers as an integration's.
  headers.push(['apigw-requestid', ex.requestId]);
  ex.res.writeHead(204, headers.flat());
  ex.res.end();
  ex.log.status = 204;
  if (!gw.cors.allowedOrigin(ex.origin)) ex.log.error = 'preflight from an origin that is not allowed';
  report(gw, ex);
}

type Authorization = { ok: true; context: LambdaAuthorizerContext } | { ok: false; reply: Reply; error: string };

/** Runs (or recalls) the REQUEST authorizer for a protected route. */
async function authorize(gw: Gateway, ex: Exchange, facts: RequestFacts): Promise<Authorization> {
  const identity = facts.request.headers.authorization;
  if (!identity) return { ok: false, reply: GATEWAY_REPLIES.unauthorized(), error: 'missing identity source' };
  const authStarted = performance.now();
  let decision = gw.authorizerCache.get(identity, Date.now());
  if (decision) {
    ex.log.authorizer = { cached: true, latencyMs: 0, outcome: decision.isAuthorized ? 'allow' : 'deny' };
  } else {
    let result: unknown;
    try {
      result = await gw.options.invoker.invoke(gw.options.wiring.authorizer.function, buildAuthorizerEvent(facts, identity));
    } catch (error) {
      ex.log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: 'error' };
      return { ok: false, reply: GATEWAY_REPLIES.internal(), error: `authorizer failed: ${describeError(error)}` };
    }
    decision = readSimpleResponse(result) ?? undefined;
    if (!decision) {
      ex.log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: 'error' };
      return { ok: false, reply: GATEWAY_REPLIES.internal(), error: 'authorizer returned an invalid simple response' };
    }
    gw.authorizerCache.set(identity, decision, Date.now());
    ex.log.authorizer = { cached: false, latencyMs: elapsed(authStarted), outcome: decision.isAuthorized ? 'allow' : 'deny' };
  }
  if (!decision.isAuthorized) return { ok: false, reply: GATEWAY_REPLIES.forbidden(), error: 'authorizer denied the request' };
  return { ok: true, context: { lambda: decision.context } };
}

/** Invokes the route's function and answers with its result. */
async function integrate(gw: Gateway, ex: Exchange, fn: string, event: HttpApiEventV2): Promise<void> {
  const fnStarted = performance.now();
  let result: unknown;
  try {
    result = await gw.options.invoker.invoke(fn, event);
  } catch (error) {
    const timedOut = error instanceof FunctionError && error.timedOut;
    ex.log.integration = { function: fn, latencyMs: elapsed(fnStarted), error: describeError(error), timedOut };
    return finish(gw, ex, timedOut ? GATEWAY_REPLIES.unavailable() : GATEWAY_REPLIES.internal(), timedOut ? 'function timed out' : 'function failed');
  }
  ex.log.integration = { function: fn, latencyMs: elapsed(fnStarted) };
  const reply = resultToReply(result);
  if (!reply) return finish(gw, ex, GATEWAY_REPLIES.internal(), 'function returned an invalid response');
  const breach = ex.log.routeKey ? gw.options.responseCheck?.(ex.log.routeKey, reply.status, reply.body, contentTypeOf(reply)) : undefined;
  if (breach) {
    process.stderr.write(`[http] response contract: ${breach}\n`);
    return finish(gw, ex, contractBreach(breach), 'response contract violated');
  }
  finish(gw, ex, reply);
}

const contentTypeOf = (reply: Reply) => reply.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];

/** What a test sees instead of a body that breaks the published contract. */
function contractBreach(message: string): Reply {
  const body = JSON.stringify({ error: { code: 'response_contract_violation', message } });
  return { status: 500, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
}

async function handle(gw: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ex = beginExchange(req, res);
  const parsed = parseRequest(req);
  if (!parsed) {
    req.resume();
    return finish(gw, ex, GATEWAY_REPLIES.badRequest(), 'malformed request target');
  }
  ex.log.path = parsed.rawPath;
  if (gw.cors.isPreflight(parsed.method, ex.origin, req.headers['access-control-request-method'])) return answerPreflight(gw, ex);

  const best = findRoute(gw.routes, parsed);
  const body = await readBody(req, HTTP_MAX_BODY_BYTES);
  if (!body.ok) {
    if (body.tooLarge) return finish(gw, ex, GATEWAY_REPLIES.tooLarge(), 'request body over 10 MB');
    res.destroy();
    return;
  }
  if (!best) return finish(gw, ex, GATEWAY_REPLIES.notFound(), 'route not found');
  const route = best.route;
  ex.log.routeKey = route.key;

  const facts: RequestFacts = {
    request: parsed,
    apiId: gw.apiId,
    requestId: ex.requestId,
    timeEpoch: ex.timeEpoch,
    sourceIp: ex.sourceIp,
    httpVersion: req.httpVersion,
    localPort: req.socket.localPort,
    traceId: traceHeader(ex.timeEpoch),
    routeKey: route.key,
    pathParameters: best.params,
  };
  let authorizer: LambdaAuthorizerContext | undefined;
  if (route.decl.access !== 'public') {
    const auth = await authorize(gw, ex, facts);
    if (!auth.ok) return finish(gw, ex, auth.reply, auth.error);
    authorizer = auth.context;
  }
  await integrate(gw, ex, route.decl.function, buildHttpEvent(facts, body.body, authorizer));
}

function answerBadRequest(_error: Error, socket: Socket): void {
  if (socket.writable) {
    const body = JSON.stringify({ message: 'Bad Request' });
    socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  } else socket.destroy();
}

export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const host = options.host ?? '127.0.0.1';
  const gw: Gateway = {
    options,
    apiId: options.apiId ?? 'localhttp0',
    routes: options.wiring.http.routes.map(compileRoute),
    cors: new HttpCors(options.wiring.http.cors, options.corsOrigins),
    authorizerCache: new AuthorizerCache(Math.max(0, options.wiring.authorizer.cacheTtlSeconds * 1000)),
  };
  const server = createServer((req, res) => {
    handle(gw, req, res).catch(() => {
      if (!res.headersSent) {
        const reply = GATEWAY_REPLIES.internal();
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(reply.body.length) });
        res.end(reply.body);
      } else res.destroy();
    });
  });
  server.on('clientError', answerBadRequest);
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: formatUrl('http', host, port),
    port,
    clearAuthorizerCache: () => gw.authorizerCache.clear(),
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
