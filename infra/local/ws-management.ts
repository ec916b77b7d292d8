// The WebSocket API's `@connections/{id}` management API, as ApiGatewayManagementApiClient calls it:
// POST sends a frame, GET describes the connection, DELETE closes it; a connection that is not open
// is 410 GoneException. On the gateway's own port, with or without the stage prefix, the id URL-decoded.
// Optionally a token bucket emulates the account's request quota (429 LimitExceededException).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, safeDecode } from './http-common.ts';
import type { Connection, ConnectionRegistry } from './ws-connections.ts';
import { isConnectPath } from './ws-event.ts';
import type { EmitLog } from './ws-log.ts';

/** API Gateway's WebSocket message limit (PostToConnection data above it is refused with 413). */
export const WS_MAX_MESSAGE_BYTES = 128 * 1024;

export interface PostQuota {
  /** Tokens added per second (requests per second sustained). */
  ratePerSecond: number;
  /** The bucket's size: requests that may arrive at once after a quiet spell. */
  burst: number;
}

export interface ManagementContext {
  stage: string;
  registry: ConnectionRegistry;
  emit: EmitLog;
  /** Delay before each POST is answered (benchmarks). */
  postLatencyMs: number;
  quota: TokenBucket | undefined;
}

type Reply = (status: number, body?: unknown, errorType?: string) => void;
type Done = (status: number, error?: string) => void;

/** Answers one plain HTTP request on the gateway's port. */
export async function handleManagementRequest(ctx: ManagementContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const match = /^(?:\/([^/]+))?\/(?:@|%40)connections\/([^/]+)\/?$/i.exec(path);
  const reply = replier(res, requestId);
  if (!match || (match[1] !== undefined && match[1] !== ctx.stage)) {
    req.resume();
    if (isConnectPath(path, ctx.stage)) return reply(426, { message: 'Upgrade Required' });
    return reply(404, { message: 'Not Found' });
  }
  const connectionId = safeDecode(match[2]!);
  const method = (req.method ?? '').toUpperCase();
  const done: Done = (status, error) => ctx.emit({ type: 'management', connectionId, requestId, method, status, ...(error ? { error } : {}) });
  if (ctx.quota && !ctx.quota.take()) {
    // Throttled at the front door: neither the body nor the connection is looked at.
    req.resume();
    reply(429, { message: 'Too Many Requests' }, 'LimitExceededException');
    return done(429, 'LimitExceededException');
  }
  const gone = () => {
    reply(410, { message: `Connection ${connectionId} is gone`, __type: 'GoneException' }, 'GoneException');
    done(410, 'GoneException');
  };
  if (method === 'POST') return postToConnection(ctx, req, res, connectionId, { reply, done, gone });
  req.resume();
  const conn = ctx.registry.get(connectionId);
  if (method === 'GET') {
    if (!conn) return gone();
    reply(200, describeConnection(conn));
    return done(200);
  }
  if (method === 'DELETE') {
    if (!conn) return gone();
    ctx.registry.close(conn, 1000, '');
    reply(204);
    return done(204);
  }
  reply(404, { message: 'Not Found' });
  done(404);
}

async function postToConnection(
  ctx: ManagementContext,
  req: IncomingMessage,
  res: ServerResponse,
  connectionId: string,
  answer: { reply: Reply; done: Done; gone: () => void },
): Promise<void> {
  const { reply, done, gone } = answer;
  const read = await readBody(req, WS_MAX_MESSAGE_BYTES);
  if (!read.ok) {
    if (!read.tooLarge) return void res.destroy();
    reply(413, { message: 'Request entity too large', __type: 'PayloadTooLargeException' }, 'PayloadTooLargeException');
    return done(413, 'PayloadTooLargeException');
  }
  if (ctx.postLatencyMs > 0) await sleep(ctx.postLatencyMs);
  const conn = ctx.registry.get(connectionId);
  if (!conn) return gone();
  const text = utf8(read.body);
  if (!(text === null ? ctx.registry.send(conn, read.body, true) : ctx.registry.send(conn, text))) return gone();
  reply(200);
  done(200);
}

/**
 * GetConnection's answer. The wire names are the model's jsonName values (lower camel case); the SDK
 * maps them to ConnectedAt / Identity.SourceIp / Identity.UserAgent / LastActiveAt.
 */
function describeConnection(conn: Connection) {
  return {
    connectedAt: new Date(conn.connectedAt).toISOString(),
    identity: { sourceIp: conn.identity.sourceIp, userAgent: conn.identity.userAgent },
    lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
  };
}

function replier(res: ServerResponse, requestId: string): Reply {
  return (status, body, errorType) => {
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
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8 (sent as a text frame), else null (a binary frame). */
function utf8(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export interface TokenBucket {
  /** Takes one token if there is one. */
  take(): boolean;
}

/** A token bucket: full at start, refilled continuously at `ratePerSecond` up to `burst`. */
export function tokenBucket({ ratePerSecond, burst }: PostQuota, now: () => number = () => performance.now()): TokenBucket {
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`postQuota needs ratePerSecond > 0 and burst >= 1 (got ${ratePerSecond}, ${burst})`);
  let tokens = burst;
  let last = now();
  return {
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
