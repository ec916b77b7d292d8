// The pure half of the twin's WebSocket API: the events API Gateway hands the $connect REQUEST
// authorizer and the $connect, message and $disconnect routes, and the `$request.body.action`
// route selection. No I/O: ids, times, the trace id and the socket facts come in as values.
import { ACCOUNT_ID, REGION } from './aws-env.ts';
import { parseQuery, requestTime } from './http-common.ts';

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

/** The API an event comes from. */
export interface WebSocketApi {
  apiId: string;
  stage: string;
}

/** What API Gateway knows of a connection from its opening handshake. */
export interface ConnectionFacts {
  id: string;
  connectedAt: number;
  identity: WebSocketIdentity;
  domainName: string;
}

/** A connection that passed $connect: its handshake headers and its authorizer context ride on every later event. */
export interface ConnectionInfo extends ConnectionFacts {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  authorizer: Record<string, unknown>;
}

/** The opening handshake of a connection, as $connect's events carry it. */
export interface ConnectRequest {
  api: WebSocketApi;
  connection: ConnectionFacts;
  requestId: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query: Record<string, string>;
  multiQuery: Record<string, string[]>;
}

type ContextExtra = Pick<WebSocketRequestContext, 'messageId' | 'disconnectStatusCode' | 'disconnectReason' | 'authorizer'>;

const RESERVED_ROUTES = new Set(['$connect', '$disconnect', '$default']);

/** The paths a WebSocket client connects to (the stage, with or without a trailing slash, or the root). */
export function isConnectPath(path: string, stage: string): boolean {
  return path === '/' || path === '' || path === `/${stage}` || path === `/${stage}/`;
}

/** The ARN the $connect authorizer's policy must allow. */
export function connectMethodArn(api: WebSocketApi): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${api.apiId}/${api.stage}/$connect`;
}

/** An event's requestContext, its fields in the real payload's order. */
export function wsRequestContext(
  api: WebSocketApi,
  conn: ConnectionFacts,
  routeKey: string,
  eventType: WebSocketRequestContext['eventType'],
  now: number,
  requestId: string,
  extra: ContextExtra = {},
): WebSocketRequestContext {
  return {
    routeKey,
    ...(extra.messageId !== undefined ? { messageId: extra.messageId } : {}),
    ...(extra.disconnectStatusCode !== undefined ? { disconnectStatusCode: extra.disconnectStatusCode } : {}),
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTime(now),
    messageDirection: 'IN',
    ...(extra.disconnectReason !== undefined ? { disconnectReason: extra.disconnectReason } : {}),
    stage: api.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: now,
    // userAgent first, as in recorded events (the identity a handshake carried).
    identity: { userAgent: conn.identity.userAgent, sourceIp: conn.identity.sourceIp },
    requestId,
    domainName: conn.domainName,
    connectionId: conn.id,
    apiId: api.apiId,
    ...(extra.authorizer !== undefined ? { authorizer: extra.authorizer } : {}),
  };
}

/** Handshake facts for the events: v1-style headers (names as sent, last value wins) and the gateway's own. */
export interface HandshakeFacts {
  /** Alternating names and values, in arrival order (node's req.rawHeaders). */
  rawHeaders: string[];
  sourceIp: string;
  /** The gateway's own port (X-Forwarded-Port). */
  localPort: number | undefined;
  /** The X-Amzn-Trace-Id to add when the client sent none. */
  traceId: string;
}

/** v1-style headers: names as the client sent them, last value wins; all values in multiValueHeaders. */
export function connectHeaders(facts: HandshakeFacts): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  };
  for (let i = 0; i + 1 < facts.rawHeaders.length; i += 2) add(facts.rawHeaders[i]!, facts.rawHeaders[i + 1]!);
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (!has('x-amzn-trace-id')) add('X-Amzn-Trace-Id', facts.traceId);
  if (!has('x-forwarded-for')) add('X-Forwarded-For', facts.sourceIp);
  add('X-Forwarded-Port', String(facts.localPort ?? ''));
  add('X-Forwarded-Proto', 'http');
  return { headers, multiValueHeaders };
}

/** The query string as v1-style events carry it: last value wins; all values in the multi-value map. */
export function connectQuery(rawQuery: string): { query: Record<string, string>; multiQuery: Record<string, string[]> } {
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [key, value] of parseQuery(rawQuery)) {
    query[key] = value;
    (multiQuery[key] ??= []).push(value);
  }
  return { query, multiQuery };
}

/** The $connect REQUEST authorizer's event. */
export function buildAuthorizerEvent(request: ConnectRequest): WebSocketAuthorizerEvent {
  const { api, connection } = request;
  return {
    type: 'REQUEST',
    methodArn: connectMethodArn(api),
    headers: { ...request.headers },
    multiValueHeaders: structuredClone(request.multiValueHeaders),
    queryStringParameters: { ...request.query },
    multiValueQueryStringParameters: structuredClone(request.multiQuery),
    stageVariables: {},
    requestContext: wsRequestContext(api, connection, '$connect', 'CONNECT', connection.connectedAt, request.requestId),
  };
}

/** The $connect route's event: the handshake, with the authorizer's context. */
export function buildConnectEvent(request: ConnectRequest, authorizer: Record<string, unknown>): WebSocketEvent {
  const { api, connection } = request;
  return {
    headers: { ...request.headers },
    multiValueHeaders: structuredClone(request.multiValueHeaders),
    queryStringParameters: { ...request.query },
    multiValueQueryStringParameters: structuredClone(request.multiQuery),
    requestContext: wsRequestContext(api, connection, '$connect', 'CONNECT', connection.connectedAt, request.requestId, {
      authorizer: { ...authorizer },
    }),
    isBase64Encoded: false,
  };
}

/** One incoming frame on a route: text as is, binary base64-encoded. */
export interface WebSocketFrame {
  routeKey: string;
  data: Buffer;
  isBinary: boolean;
  now: number;
  requestId: string;
  messageId: string;
}

/** A message route's event (a custom route or $default). */
export function buildMessageEvent(api: WebSocketApi, conn: ConnectionInfo, message: WebSocketFrame): WebSocketEvent {
  return {
    requestContext: wsRequestContext(api, conn, message.routeKey, 'MESSAGE', message.now, message.requestId, {
      messageId: message.messageId,
      authorizer: { ...conn.authorizer },
    }),
    body: message.isBinary ? message.data.toString('base64') : message.data.toString('utf8'),
    isBase64Encoded: message.isBinary,
  };
}

/** How a connection ended, as $disconnect reports it. */
export interface Disconnection {
  code: number;
  reason: string;
  now: number;
  requestId: string;
}

/** The $disconnect route's event: the handshake's headers, the close code and reason. */
export function buildDisconnectEvent(api: WebSocketApi, conn: ConnectionInfo, end: Disconnection): WebSocketEvent {
  return {
    headers: { ...conn.headers },
    multiValueHeaders: structuredClone(conn.multiValueHeaders),
    requestContext: wsRequestContext(api, conn, '$disconnect', 'DISCONNECT', end.now, end.requestId, {
      disconnectStatusCode: end.code,
      disconnectReason: end.reason,
      authorizer: { ...conn.authorizer },
    }),
    isBase64Encoded: false,
  };
}

/** `$request.body.action` route selection: a declared custom route, else $default. */
export function selectRoute(data: Buffer, isBinary: boolean, routes: Readonly<Record<string, string>>): string {
  if (isBinary) return '$default';
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    const action = parsed !== null && typeof parsed === 'object' ? (parsed as { action?: unknown }).action : undefined;
    if (typeof action === 'string' && !RESERVED_ROUTES.has(action) && Object.hasOwn(routes, action)) return action;
  } catch {
    // Not JSON: the selection expression does not resolve, so $default.
  }
  return '$default';
}

/** The reason $disconnect reports for a close that carried none. */
export function defaultReason(code: number): string {
  if (code === 1005) return 'Client-side close frame status not set';
  if (code === 1006) return 'Connection closed abnormally';
  if (code === 1001) return 'Going away';
  return '';
}
