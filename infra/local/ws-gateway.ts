// The local twin's API Gateway WebSocket API, on node:http + ws. It reproduces what functions and
// clients can observe of the real service: the $connect REQUEST authorizer (IAM policy, token in
// the query string, no cache), the $connect/$disconnect/$default routes with
// `$request.body.action` route selection and their exact events, the 32 KB frame limit, the idle
// and maximum-duration limits, and the `@connections/{id}` management API on the same port (with
// or without the stage prefix, id URL-decoded) that ApiGatewayManagementApiClient talks to.
// Optionally (`postQuota`) it also emulates the account's request quota on @connections: a token
// bucket whose empty answers are 429 LimitExceededException, as the real service throttles.
//
// This file is the server's lifecycle; the parts live beside it: ws-event.ts (the events, pure),
// ws-authorizer.ts ($connect's authorizer), ws-handshake.ts (the opening handshake),
// ws-connections.ts (open connections and their timers), ws-integrations.ts (messages and
// $disconnect) and ws-management.ts (@connections).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Wiring } from '../wiring-types.ts';
import { formatUrl, listen } from './http-common.ts';
import type { Invoker } from './invoker.ts';
import { ConnectionRegistry } from './ws-connections.ts';
import { acceptConnection, refuse, type HandshakeContext } from './ws-handshake.ts';
import { DisconnectDispatcher, routeMessage, type IntegrationContext } from './ws-integrations.ts';
import { safeEmitter, type WebSocketLog } from './ws-log.ts';
import { handleManagementRequest, tokenBucket, type ManagementContext, type PostQuota } from './ws-management.ts';

export { evaluatePolicy } from './ws-authorizer.ts';
export type {
  WebSocketAuthorizerEvent,
  WebSocketEvent,
  WebSocketIdentity,
  WebSocketRequestContext,
} from './ws-event.ts';
export type { WebSocketLog } from './ws-log.ts';
export { tokenBucket, WS_MAX_MESSAGE_BYTES, type PostQuota } from './ws-management.ts';

/** API Gateway's WebSocket frame limit (a larger frame closes the connection with 1009). */
export const WS_MAX_FRAME_BYTES = 32 * 1024;

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

/** The gateway's parts, and what is in flight that close() must wait for or cut. */
interface Gateway {
  handshake: HandshakeContext;
  management: ManagementContext;
  disconnectWaitMs: number;
  /** Sockets still in their opening handshake. */
  handshakes: Set<Socket>;
  /** Handshakes in flight (authorizer and $connect running). */
  upgrades: Set<Promise<void>>;
  closing: boolean;
}

function assemble(options: WebSocketGatewayOptions): Gateway {
  const { wiring, invoker } = options;
  const integrations: IntegrationContext = {
    api: { apiId: options.apiId ?? 'localwsapi', stage: wiring.webSocket.stage },
    routes: wiring.webSocket.routes,
    invoker,
    emit: safeEmitter(options.onEvent),
  };
  const disconnects = new DisconnectDispatcher(integrations);
  const registry: ConnectionRegistry = new ConnectionRegistry({
    idleTimeoutMs: options.idleTimeoutMs ?? wiring.webSocket.idleTimeoutSeconds * 1000,
    maxConnectionMs: options.maxConnectionMs ?? wiring.webSocket.maxConnectionSeconds * 1000,
    onMessage: (conn, data, isBinary) => void routeMessage(integrations, registry, conn, data, isBinary),
    onEnd: (conn, code, reason) => disconnects.fire(conn, code, reason),
  });
  const gw: Gateway = {
    handshake: {
      ...integrations,
      authorizerFn: wiring.authorizer.function,
      tokenParameter: wiring.authorizer.webSocketTokenParameter,
      registry,
      disconnects,
      wss: new WebSocketServer({ noServer: true, maxPayload: WS_MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false }),
      isClosing: () => gw.closing,
    },
    management: {
      stage: wiring.webSocket.stage,
      registry,
      emit: integrations.emit,
      postLatencyMs: options.postLatencyMs ?? 0,
      quota: options.postQuota ? tokenBucket(options.postQuota) : undefined,
    },
    disconnectWaitMs: options.disconnectWaitMs ?? 5000,
    handshakes: new Set(),
    upgrades: new Set(),
    closing: false,
  };
  return gw;
}

function createGatewayServer(gw: Gateway): Server {
  const server = createServer((req, res) => {
    handleManagementRequest(gw.management, req, res).catch(() => answerInternalError(res));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    gw.handshakes.add(socket);
    socket.once('close', () => gw.handshakes.delete(socket));
    const upgrade = acceptConnection(gw.handshake, req, socket, head)
      .catch(() => refuse(socket, 500))
      .finally(() => {
        gw.handshakes.delete(socket);
        gw.upgrades.delete(upgrade);
      });
    gw.upgrades.add(upgrade);
  });
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

function answerInternalError(res: ServerResponse): void {
  if (!res.headersSent) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Internal server error' }));
  } else res.destroy();
}

/** Refuses new handshakes, lets those in flight finish, closes every connection, waits (bounded) for $disconnect. */
async function shutDown(gw: Gateway, server: Server): Promise<void> {
  gw.closing = true;
  const { registry, disconnects, wss } = gw.handshake;
  for (const socket of gw.handshakes) socket.destroy();
  // Handshakes in flight finish their $connect (and then fire $disconnect) before we go on.
  await within(Promise.allSettled([...gw.upgrades]), gw.disconnectWaitMs);
  registry.closeAll();
  // Bounded waits: the $disconnect invocations, then the closing handshakes.
  await within(disconnects.settled(), gw.disconnectWaitMs);
  await within(registry.socketsClosed(), 1000);
  registry.terminateSockets();
  wss.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startWebSocketGateway(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
  const host = options.host ?? '127.0.0.1';
  const gw = assemble(options);
  const server = createGatewayServer(gw);
  const port = await listen(server, options.port ?? 0, host);
  const { stage } = gw.handshake.api;
  let closed: Promise<void> | undefined;
  return {
    url: `${formatUrl('ws', host, port)}/${stage}`,
    callbackUrl: `${formatUrl('http', host, port)}/${stage}`,
    port,
    connectionCount: () => gw.handshake.registry.size,
    close: () => (closed ??= shutDown(gw, server)),
  };
}

async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
