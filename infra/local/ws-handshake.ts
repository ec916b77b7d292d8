// A WebSocket client's opening handshake, as API Gateway takes it: the path and the upgrade headers
// checked, the token (identity source) required, the REQUEST authorizer asked, the $connect route
// invoked (a non-2xx answer refuses the connection with that status), and only then the upgrade.
// Refusals are plain HTTP answers with API Gateway's bodies.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';
import { describeError, gatewayId, sourceIpOf, traceHeader } from './http-common.ts';
import { authorizeConnect } from './ws-authorizer.ts';
import type { ConnectionRegistry } from './ws-connections.ts';
import {
  buildAuthorizerEvent,
  buildConnectEvent,
  connectHeaders,
  connectQuery,
  defaultReason,
  isConnectPath,
  type ConnectionInfo,
  type ConnectRequest,
  type WebSocketApi,
} from './ws-event.ts';
import type { DisconnectDispatcher, IntegrationContext } from './ws-integrations.ts';

export interface HandshakeContext extends IntegrationContext {
  /** The $connect authorizer's function. */
  authorizerFn: string;
  /** The query parameter that carries the token. */
  tokenParameter: string;
  registry: ConnectionRegistry;
  disconnects: DisconnectDispatcher;
  wss: WebSocketServer;
  isClosing(): boolean;
}

type HandshakeLog = (status: number, error?: string) => void;

/** Takes one upgrade request through authorizer and $connect to an open, registered connection, or refuses it. */
export async function acceptConnection(ctx: HandshakeContext, req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (ctx.isClosing()) return refuse(socket, 503);
  if (!isConnectPath(path, ctx.api.stage)) return refuse(socket, 404);
  if (!isWebSocketUpgrade(req)) return refuse(socket, 400);

  const request = connectRequestOf(ctx.api, req, q === -1 ? '' : target.slice(q + 1));
  const { id: connectionId } = request.connection;
  const log: HandshakeLog = (status, error) =>
    ctx.emit({ type: 'connect', connectionId, requestId: request.requestId, routeKey: '$connect', status, ...(error ? { error } : {}) });

  if (!request.query[ctx.tokenParameter]) {
    log(401, 'missing identity source');
    return refuse(socket, 401);
  }
  const auth = await authorizeConnect(ctx.invoker, ctx.authorizerFn, buildAuthorizerEvent(request));
  if (!auth.ok) {
    log(auth.status, auth.error);
    return refuse(socket, auth.status);
  }
  const refusal = await invokeConnectRoute(ctx, request, auth.authorizer);
  if (refusal) {
    log(refusal.status, refusal.error);
    return refuse(socket, refusal.status, refusal.body);
  }
  const { headers, multiValueHeaders } = request;
  upgrade(ctx, { req, socket, head }, { ...request.connection, headers, multiValueHeaders, authorizer: auth.authorizer }, log);
}

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (
    req.method === 'GET' &&
    (req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    !!req.headers['sec-websocket-key'] &&
    ['8', '13'].includes(String(req.headers['sec-websocket-version']))
  );
}

/** The handshake's facts: a new connection id and request id, the headers and the query. */
function connectRequestOf(api: WebSocketApi, req: IncomingMessage, rawQuery: string): ConnectRequest {
  const connectedAt = Date.now();
  const connection = {
    id: gatewayId(),
    connectedAt,
    identity: { sourceIp: sourceIpOf(req), userAgent: req.headers['user-agent'] ?? '' },
    domainName: req.headers.host ?? '',
  };
  const requestId = gatewayId();
  const { headers, multiValueHeaders } = connectHeaders({
    rawHeaders: req.rawHeaders,
    sourceIp: connection.identity.sourceIp,
    localPort: req.socket.localPort,
    traceId: traceHeader(connectedAt),
  });
  return { api, connection, requestId, headers, multiValueHeaders, ...connectQuery(rawQuery) };
}

/** Invokes the $connect route if there is one; what to refuse with when it fails or answers non-2xx. */
async function invokeConnectRoute(
  ctx: HandshakeContext,
  request: ConnectRequest,
  authorizer: Record<string, unknown>,
): Promise<{ status: number; error: string; body?: string } | undefined> {
  const fn = ctx.routes.$connect;
  if (!fn) return undefined;
  let result: unknown;
  try {
    result = await ctx.invoker.invoke(fn, buildConnectEvent(request, authorizer));
  } catch (error) {
    return { status: 500, error: `$connect failed: ${describeError(error)}` };
  }
  const status = statusOf(result);
  if (status === undefined || (status >= 200 && status <= 299)) return undefined;
  const body = (result as { body?: unknown }).body;
  return { status, error: '$connect refused the connection', ...(typeof body === 'string' ? { body } : {}) };
}

/** Completes the upgrade and registers the connection; a client that left meanwhile gets its $disconnect. */
function upgrade(
  ctx: HandshakeContext,
  { req, socket, head }: { req: IncomingMessage; socket: Socket; head: Buffer },
  info: ConnectionInfo,
  log: HandshakeLog,
): void {
  if (ctx.isClosing() || socket.destroyed || !socket.writable) {
    // $connect succeeded but the client left (or the gateway is closing) before the upgrade.
    log(410, 'client left during $connect');
    socket.destroy();
    ctx.disconnects.fire(info, 1006, defaultReason(1006));
    return;
  }
  let upgraded = false;
  ctx.wss.handleUpgrade(req, socket, head, (ws) => {
    upgraded = true;
    ctx.registry.register(ws, info);
    log(101);
  });
  if (!upgraded) {
    log(410, 'upgrade failed after $connect');
    socket.destroy();
    ctx.disconnects.fire(info, 1006, defaultReason(1006));
  }
}

/** The status a $connect result asks for: undefined when it has none, 500 when it is not a valid one. */
function statusOf(result: unknown): number | undefined {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) return undefined;
  const status = Number((result as { statusCode: unknown }).statusCode);
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
}

/** Answers the handshake with a plain HTTP refusal and closes the socket. */
export function refuse(socket: Socket, status: number, body?: string): void {
  if (socket.destroyed) return;
  const text = body ?? JSON.stringify({ message: refusalMessage(status) });
  const length = Buffer.byteLength(text);
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n${text}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

function refusalMessage(status: number): string {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'Not Found';
  if (status >= 500) return 'Internal server error';
  return STATUS_CODES[status] ?? 'Error';
}
