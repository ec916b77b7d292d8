// The local twin's API Gateway WebSocket API, on node:http + ws. It reproduces what functions and
// clients can observe of the real service: the $connect REQUEST authorizer (IAM policy, token in
// the query string, no cache), the $connect/$disconnect/$default routes with
// `$request.body.action` route selection and their exact events, the 32 KB frame limit, the idle
// and maximum-duration limits, and the `@connections/{id}` management API on the same port (with
// or without the stage prefix, id URL-decoded) that ApiGatewayManagementApiClient talks to.
// Optionally (`postQuota`) it also emulates the account's request quota on @connections: a token
// bucket whose empty answers are 429 LimitExceededException, as the real service throttles.
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Wiring } from '../wiring-types.ts';
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
import type { Invoker } from './invoker.ts';

/** API Gateway's WebSocket frame limit (a larger frame closes the connection with 1009). */
export const WS_MAX_FRAME_BYTES = 32 * 1024;
/** API Gateway's WebSocket message limit (PostToConnection data above it is refused with 413). */
export const WS_MAX_MESSAGE_BYTES = 128 * 1024;

export interface WebSocketGatewayOptions {
  wiring: Wiring;
  invoker: Invoker;
  /** 0 (the default) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Close a connection that sent no frame for this long (default wiring.webSocket.idleTimeoutSeconds). */
  idleTimeoutMs?: number;
  /** Close a connection this long after it opened (default wiring.webSocket.maxConnectionSeconds). */
  maxConnectionMs?: number;
  /** Artificial delay before each @connections POST is answered (default 0), for benchmarks. */
  postLatencyMs?: number;
  /**
   * Emulates API Gateway's account-level request quota on @connections (default off): a token
   * bucket, full (`burst` tokens) at start and refilled at `ratePerSecond`, from which every
   * @connections call (POST, GET, DELETE) takes one token before anything else happens; when it
   * is empty the call is answered `429 {"message":"Too Many Requests"}` with
   * `x-amzn-errortype: LimitExceededException`, which SDK v3 raises as `LimitExceededException`.
   */
  postQuota?: PostQuota;
  /** The API id in events and ARNs (default 'localwsapi'). */
  apiId?: string;
  /** Longest close() waits for the $disconnect invocations it causes (default 5000 ms). */
  disconnectWaitMs?: number;
  /** Called for each connection, message, disconnection and management call (an access log). */
  onEvent?: (log: WebSocketLog) => void;
}

export interface PostQuota {
  /** Tokens added per second (requests per second sustained). */
  ratePerSecond: number;
  /** The bucket's size: requests that may arrive at once after a quiet spell. */
  burst: number;
}

export interface WebSocketGateway {
  /** ws://host:port/<stage> */
  url: string;
  /** http://host:port/<stage>: the endpoint for ApiGatewayManagementApiClient. */
  callbackUrl: string;
  port: number;
  /** Open (fully connected) connections. */
  connectionCount(): number;
  close(): Promise<void>;
}

export interface WebSocketLog {
  type: 'connect' | 'message' | 'disconnect' | 'management';
  connectionId: string;
  requestId: string;
  /** connect: the handshake status; message: 200 or the error sent to the client; management: the HTTP status. */
  status?: number;
  routeKey?: string;
  method?: string;
  disconnectStatusCode?: number;
  disconnectReason?: string;
  error?: string;
}

export interface WebSocketIdentity {
  sourceIp: string;
  userAgent: string;
}

/** requestContext of WebSocket events (and of the $connect authorizer event, without authorizer). */
export interface WebSocketRequestContext {
  routeKey: string;
  messageId?: string;
  disconnectStatusCode?: number;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  extendedRequestId: string;
  requestTime: string;
  messageDirection: 'IN';
  disconnectReason?: string;
  stage: string;
  connectedAt: number;
  requestTimeEpoch: number;
  identity: WebSocketIdentity;
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
  authorizer?: Record<string, unknown>;
}

/** The $connect REQUEST authorizer event (payload 1.0 style). */
export interface WebSocketAuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters: Record<string, string[]>;
  stageVariables: Record<string, string>;
  requestContext: WebSocketRequestContext;
}

export interface WebSocketEvent {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  requestContext: WebSocketRequestContext;
  body?: string;
  isBase64Encoded: boolean;
}

interface ConnectionInfo {
  id: string;
  connectedAt: number;
  identity: WebSocketIdentity;
  domainName: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  authorizer: Record<string, unknown>;
}

interface Connection extends ConnectionInfo {
  ws: WebSocket;
  lastActiveAt: number;
  idleTimer?: NodeJS.Timeout;
  maxTimer?: NodeJS.Timeout;
  ended: boolean;
}

const RESERVED_ROUTES = new Set(['$connect', '$disconnect', '$default']);

export async function startWebSocketGateway(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
  const { wiring, invoker } = options;
  const host = options.host ?? '127.0.0.1';
  const apiId = options.apiId ?? 'localwsapi';
  const stage = wiring.webSocket.stage;
  const routes = wiring.webSocket.routes;
  const idleTimeoutMs = options.idleTimeoutMs ?? wiring.webSocket.idleTimeoutSeconds * 1000;
  const maxConnectionMs = options.maxConnectionMs ?? wiring.webSocket.maxConnectionSeconds * 1000;
  const postLatencyMs = options.postLatencyMs ?? 0;
  const quota = options.postQuota ? tokenBucket(options.postQuota) : undefined;
  const disconnectWaitMs = options.disconnectWaitMs ?? 5000;
  const tokenParameter = wiring.authorizer.webSocketTokenParameter;
  const methodArn = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${apiId}/${stage}/$connect`;

  const connections = new Map<string, Connection>();
  const pendingDisconnects = new Set<Promise<unknown>>();
  const handshakes = new Set<Socket>();
  const upgrades = new Set<Promise<void>>();
  /** Every upgraded socket until it has fully closed (including those the gateway is closing). */
  const sockets = new Set<WebSocket>();
  let closing = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });

  const emit = (log: WebSocketLog) => {
    try {
      options.onEvent?.(log);
    } catch {
      // A broken logger never breaks the gateway.
    }
  };

  /** An event's requestContext, its fields in the real payload's order. */
  const requestContextOf = (
    conn: Pick<Connection, 'id' | 'connectedAt' | 'identity' | 'domainName'>,
    routeKey: string,
    eventType: WebSocketRequestContext['eventType'],
    now: number,
    requestId: string,
    extra: Pick<WebSocketRequestContext, 'messageId' | 'disconnectStatusCode' | 'disconnectReason' | 'authorizer'> = {},
  ): WebSocketRequestContext => ({
    routeKey,
    ...(extra.messageId !== undefined ? { messageId: extra.messageId } : {}),
    ...(extra.disconnectStatusCode !== undefined ? { disconnectStatusCode: extra.disconnectStatusCode } : {}),
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTime(now),
    messageDirection: 'IN',
    ...(extra.disconnectReason !== undefined ? { disconnectReason: extra.disconnectReason } : {}),
    stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: now,
    identity: { ...conn.identity },
    requestId,
    domainName: conn.domainName,
    connectionId: conn.id,
    apiId,
    ...(extra.authorizer !== undefined ? { authorizer: extra.authorizer } : {}),
  });

  // ---- connection lifecycle -------------------------------------------------------------------

  /** The connection is gone (whoever closed it): forget it and fire $disconnect, exactly once. */
  function end(conn: Connection, code: number, reason: string): void {
    if (conn.ended) return;
    conn.ended = true;
    connections.delete(conn.id);
    clearTimeout(conn.idleTimer);
    clearTimeout(conn.maxTimer);
    fireDisconnect(conn, code, reason);
  }

  function fireDisconnect(conn: ConnectionInfo, code: number, reason: string): void {
    const fn = routes.$disconnect;
    const now = Date.now();
    const requestId = gatewayId();
    emit({ type: 'disconnect', connectionId: conn.id, requestId, disconnectStatusCode: code, disconnectReason: reason });
    if (!fn) return;
    const event: WebSocketEvent = {
      headers: { ...conn.headers },
      multiValueHeaders: structuredClone(conn.multiValueHeaders),
      requestContext: requestContextOf(conn, '$disconnect', 'DISCONNECT', now, requestId, {
        disconnectStatusCode: code,
        disconnectReason: reason,
        authorizer: { ...conn.authorizer },
      }),
      isBase64Encoded: false,
    };
    const invocation = Promise.resolve()
      .then(() => invoker.invoke(fn, event))
      .catch((error: unknown) => {
        emit({ type: 'disconnect', connectionId: conn.id, requestId, error: describeError(error) });
      });
    pendingDisconnects.add(invocation);
    void invocation.finally(() => pendingDisconnects.delete(invocation));
  }

  /** The gateway closes the connection: $disconnect fires at once, not after the closing handshake. */
  function closeConnection(conn: Connection, code: number, reason: string): void {
    end(conn, code, reason);
    try {
      conn.ws.close(code, reason);
    } catch {
      conn.ws.terminate();
    }
    setTimeout(() => conn.ws.terminate(), 1000).unref();
  }

  function touch(conn: Connection): void {
    conn.lastActiveAt = Date.now();
    conn.idleTimer?.refresh();
  }

  function register(ws: WebSocket, conn: ConnectionInfo): void {
    const connection: Connection = { ...conn, ws, lastActiveAt: conn.connectedAt, ended: false };
    connections.set(connection.id, connection);
    sockets.add(ws);
    connection.idleTimer = setTimeout(() => closeConnection(connection, 1001, 'Going away'), idleTimeoutMs);
    connection.idleTimer.unref();
    connection.maxTimer = setTimeout(() => closeConnection(connection, 1001, 'Going away'), Math.min(maxConnectionMs, 2 ** 31 - 1));
    connection.maxTimer.unref();
    ws.on('message', (data, isBinary) => {
      touch(connection);
      void onMessage(connection, toBuffer(data), isBinary);
    });
    ws.on('ping', () => touch(connection));
    ws.on('pong', () => touch(connection));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws has already sent the close frame (1009 for an oversized frame).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') end(connection, 1009, 'Message too big');
      else end(connection, 1006, error.message);
      setTimeout(() => ws.terminate(), 1000).unref();
    });
    ws.on('close', (code, reason) => {
      sockets.delete(ws);
      const text = reason.toString('utf8');
      end(connection, code, text || defaultReason(code));
    });
  }

  async function onMessage(conn: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    const now = Date.now();
    const requestId = gatewayId();
    const text = isBinary ? '' : data.toString('utf8');
    let routeKey = '$default';
    if (!isBinary) {
      try {
        const parsed: unknown = JSON.parse(text);
        const action = parsed !== null && typeof parsed === 'object' ? (parsed as { action?: unknown }).action : undefined;
        if (typeof action === 'string' && !RESERVED_ROUTES.has(action) && routes[action]) routeKey = action;
      } catch {
        // Not JSON: the selection expression does not resolve, so $default.
      }
    }
    const fn = routes[routeKey];
    if (!fn) {
      sendTo(conn, JSON.stringify({ message: 'Forbidden', connectionId: conn.id, requestId }));
      emit({ type: 'message', connectionId: conn.id, requestId, routeKey, status: 403, error: 'no route' });
      return;
    }
    const event: WebSocketEvent = {
      requestContext: requestContextOf(conn, routeKey, 'MESSAGE', now, requestId, { messageId: gatewayId(), authorizer: { ...conn.authorizer } }),
      body: isBinary ? data.toString('base64') : text,
      isBase64Encoded: isBinary,
    };
    try {
      await invoker.invoke(fn, event);
      emit({ type: 'message', connectionId: conn.id, requestId, routeKey, status: 200 });
    } catch (error) {
      sendTo(conn, JSON.stringify({ message: 'Internal server error', connectionId: conn.id, requestId }));
      emit({ type: 'message', connectionId: conn.id, requestId, routeKey, status: 500, error: describeError(error) });
    }
  }

  function sendTo(conn: Connection, data: string | Buffer, binary = false): boolean {
    if (conn.ended || conn.ws.readyState !== conn.ws.OPEN) return false;
    conn.ws.send(data, { binary }, () => undefined);
    return true;
  }

  // ---- $connect ---------------------------------------------------------------------------------

  async function onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const rawQuery = q === -1 ? '' : target.slice(q + 1);
    if (closing) return refuse(socket, 503);
    if (!isConnectPath(path, stage)) return refuse(socket, 404);
    if (
      req.method !== 'GET' ||
      (req.headers.upgrade ?? '').toLowerCase() !== 'websocket' ||
      !req.headers['sec-websocket-key'] ||
      !['8', '13'].includes(String(req.headers['sec-websocket-version']))
    )
      return refuse(socket, 400);

    const connectedAt = Date.now();
    const connectionId = gatewayId();
    const requestId = gatewayId();
    const identity: WebSocketIdentity = { sourceIp: sourceIpOf(req), userAgent: req.headers['user-agent'] ?? '' };
    const domainName = req.headers.host ?? '';
    const { headers, multiValueHeaders } = wsHeaders(req, identity.sourceIp, connectedAt);
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [key, value] of parseQuery(rawQuery)) {
      query[key] = value;
      (multiQuery[key] ??= []).push(value);
    }
    const log = (status: number, error?: string) =>
      emit({ type: 'connect', connectionId, requestId, routeKey: '$connect', status, ...(error ? { error } : {}) });

    const token = query[tokenParameter];
    if (!token) {
      log(401, 'missing identity source');
      return refuse(socket, 401);
    }

    const conn = { id: connectionId, connectedAt, identity, domainName };
    const context = requestContextOf(conn, '$connect', 'CONNECT', connectedAt, requestId);
    const authEvent: WebSocketAuthorizerEvent = {
      type: 'REQUEST',
      methodArn,
      headers: { ...headers },
      multiValueHeaders: structuredClone(multiValueHeaders),
      queryStringParameters: { ...query },
      multiValueQueryStringParameters: structuredClone(multiQuery),
      stageVariables: {},
      requestContext: structuredClone(context),
    };
    const authStarted = Date.now();
    let policy: unknown;
    try {
      policy = await invoker.invoke(wiring.authorizer.function, authEvent);
    } catch (error) {
      log(500, `authorizer failed: ${describeError(error)}`);
      return refuse(socket, 500);
    }
    const decision = evaluatePolicy(policy, methodArn);
    if (decision === 'invalid') {
      log(500, 'authorizer returned an invalid policy');
      return refuse(socket, 500);
    }
    if (decision === 'deny') {
      log(403, 'authorizer denied the connection');
      return refuse(socket, 403);
    }
    const result = policy as { principalId?: unknown; context?: unknown };
    const authorizer: Record<string, unknown> = {
      ...(result.context !== null && typeof result.context === 'object' ? (result.context as Record<string, unknown>) : {}),
      principalId: result.principalId,
      integrationLatency: Date.now() - authStarted,
    };

    const connectFn = routes.$connect;
    if (connectFn) {
      const event: WebSocketEvent = {
        headers: { ...headers },
        multiValueHeaders: structuredClone(multiValueHeaders),
        queryStringParameters: { ...query },
        multiValueQueryStringParameters: structuredClone(multiQuery),
        requestContext: { ...context, authorizer: { ...authorizer } },
        isBase64Encoded: false,
      };
      let connectResult: unknown;
      try {
        connectResult = await invoker.invoke(connectFn, event);
      } catch (error) {
        log(500, `$connect failed: ${describeError(error)}`);
        return refuse(socket, 500);
      }
      const status = statusOf(connectResult);
      if (status !== undefined && (status < 200 || status > 299)) {
        const body = (connectResult as { body?: unknown }).body;
        log(status, '$connect refused the connection');
        return refuse(socket, status, typeof body === 'string' ? body : undefined);
      }
    }

    const conn2 = { ...conn, headers, multiValueHeaders, authorizer };
    if (closing || socket.destroyed || !socket.writable) {
      // $connect succeeded but the client left (or the gateway is closing) before the upgrade.
      log(410, 'client left during $connect');
      socket.destroy();
      fireDisconnect(conn2, 1006, defaultReason(1006));
      return;
    }
    let upgraded = false;
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      register(ws, conn2);
      log(101);
    });
    if (!upgraded) {
      log(410, 'upgrade failed after $connect');
      socket.destroy();
      fireDisconnect(conn2, 1006, defaultReason(1006));
    }
  }

  // ---- @connections ---------------------------------------------------------------------------

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const match = /^(?:\/([^/]+))?\/(?:@|%40)connections\/([^/]+)\/?$/i.exec(path);
    const reply = (status: number, body?: unknown, errorType?: string) => {
      const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
      let payload: Buffer | undefined;
      if (body !== undefined) {
        payload = Buffer.from(JSON.stringify(body));
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(payload.length);
      } else if (status !== 204) headers['content-length'] = '0';
      if (errorType) headers['x-amzn-errortype'] = errorType;
      res.writeHead(status, headers);
      res.end(payload);
    };
    if (!match || (match[1] !== undefined && match[1] !== stage)) {
      req.resume();
      if (isConnectPath(path, stage)) return reply(426, { message: 'Upgrade Required' });
      return reply(404, { message: 'Not Found' });
    }
    const connectionId = safeDecode(match[2]!);
    const method = (req.method ?? '').toUpperCase();
    const done = (status: number, error?: string) =>
      emit({ type: 'management', connectionId, requestId, method, status, ...(error ? { error } : {}) });
    if (quota && !quota.take()) {
      // Throttled at the front door: neither the body nor the connection is looked at.
      req.resume();
      reply(429, { message: 'Too Many Requests' }, 'LimitExceededException');
      return done(429, 'LimitExceededException');
    }
    const gone = () => {
      reply(410, { message: `Connection ${connectionId} is gone`, __type: 'GoneException' }, 'GoneException');
      done(410, 'GoneException');
    };

    if (method === 'POST') {
      const read = await readBody(req, WS_MAX_MESSAGE_BYTES);
      if (!read.ok) {
        if (!read.tooLarge) return void res.destroy();
        reply(413, { message: 'Request entity too large', __type: 'PayloadTooLargeException' }, 'PayloadTooLargeException');
        return done(413, 'PayloadTooLargeException');
      }
      if (postLatencyMs > 0) await sleep(postLatencyMs);
      const conn = connections.get(connectionId);
      if (!conn) return gone();
      const text = utf8(read.body);
      if (!(text === null ? sendTo(conn, read.body, true) : sendTo(conn, text))) return gone();
      reply(200);
      return done(200);
    }
    req.resume();
    const conn = connections.get(connectionId);
    if (method === 'GET') {
      if (!conn) return gone();
      // The wire names are the model's jsonName values (lower camel case); the SDK maps them to
      // ConnectedAt / Identity.SourceIp / Identity.UserAgent / LastActiveAt.
      reply(200, {
        connectedAt: new Date(conn.connectedAt).toISOString(),
        identity: { sourceIp: conn.identity.sourceIp, userAgent: conn.identity.userAgent },
        lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
      });
      return done(200);
    }
    if (method === 'DELETE') {
      if (!conn) return gone();
      closeConnection(conn, 1000, '');
      reply(204);
      return done(204);
    }
    reply(404, { message: 'Not Found' });
    done(404);
  }

  // ---- server ---------------------------------------------------------------------------------

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Internal server error' }));
      } else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    handshakes.add(socket);
    socket.once('close', () => handshakes.delete(socket));
    const upgrade = onUpgrade(req, socket, head)
      .catch(() => refuse(socket, 500))
      .finally(() => {
        handshakes.delete(socket);
        upgrades.delete(upgrade);
      });
    upgrades.add(upgrade);
  });
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  const port = await listen(server, options.port ?? 0, host);

  let closed: Promise<void> | undefined;
  const close = async () => {
    closing = true;
    for (const socket of handshakes) socket.destroy();
    // Handshakes in flight finish their $connect (and then fire $disconnect) before we go on.
    await within(Promise.allSettled([...upgrades]), disconnectWaitMs);
    for (const conn of [...connections.values()]) closeConnection(conn, 1001, 'Going away');
    // Bounded waits: the $disconnect invocations, then the closing handshakes.
    await within(Promise.allSettled([...pendingDisconnects]), disconnectWaitMs);
    await within(Promise.all([...sockets].map((ws) => new Promise((resolve) => ws.once('close', resolve)))), 1000);
    for (const ws of sockets) ws.terminate();
    wss.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  return {
    url: `${formatUrl('ws', host, port)}/${stage}`,
    callbackUrl: `${formatUrl('http', host, port)}/${stage}`,
    port,
    connectionCount: () => connections.size,
    close: () => (closed ??= close()),
  };
}

// ---- helpers --------------------------------------------------------------------------------------

function isConnectPath(path: string, stage: string): boolean {
  return path === '/' || path === '' || path === `/${stage}` || path === `/${stage}/`;
}

function refuse(socket: Socket, status: number, body?: string): void {
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

function defaultReason(code: number): string {
  if (code === 1005) return 'Client-side close frame status not set';
  if (code === 1006) return 'Connection closed abnormally';
  if (code === 1001) return 'Going away';
  return '';
}

/** v1-style headers: names as the client sent them, last value wins; all values in multiValueHeaders. */
function wsHeaders(req: IncomingMessage, sourceIp: string, now: number) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  };
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) add(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (!has('x-amzn-trace-id')) add('X-Amzn-Trace-Id', traceHeader(now));
  if (!has('x-forwarded-for')) add('X-Forwarded-For', sourceIp);
  add('X-Forwarded-Port', String(req.socket.localPort ?? ''));
  add('X-Forwarded-Proto', 'http');
  return { headers, multiValueHeaders };
}

/** 'allow' only when a statement allows execute-api:Invoke on the methodArn and none denies it. */
export function evaluatePolicy(result: unknown, methodArn: string): 'allow' | 'deny' | 'invalid' {
  if (result === null || typeof result !== 'object') return 'invalid';
  const document = (result as { policyDocument?: unknown }).policyDocument;
  if (document === null || typeof document !== 'object') return 'invalid';
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) return 'invalid';
  const statements = Array.isArray(raw) ? raw : [raw];
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
  let allowed = false;
  for (const statement of statements) {
    if (statement === null || typeof statement !== 'object') return 'invalid';
    const s = statement as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    const actionMatches = list(s.Action).some((action) => globMatch(action.toLowerCase(), 'execute-api:invoke'));
    const resourceMatches = list(s.Resource).some((resource) => globMatch(resource, methodArn));
    if (!actionMatches || !resourceMatches) continue;
    if (s.Effect === 'Deny') return 'deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}

function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return regex.test(value);
}

function statusOf(result: unknown): number | undefined {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) return undefined;
  const status = Number((result as { statusCode: unknown }).statusCode);
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A token bucket: full at start, refilled continuously at `ratePerSecond` up to `burst`. */
export function tokenBucket({ ratePerSecond, burst }: PostQuota, now: () => number = () => performance.now()) {
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`postQuota needs ratePerSecond > 0 and burst >= 1 (got ${ratePerSecond}, ${burst})`);
  let tokens = burst;
  let last = now();
  return {
    /** Takes one token if there is one. */
    take(): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
