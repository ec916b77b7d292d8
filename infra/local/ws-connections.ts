// The WebSocket gateway's open connections: the registry by id, the idle and maximum-lifetime timers,
// and the ws socket events that keep a connection alive or end it. Whoever closes a connection, it
// ends exactly once, and `onEnd` hears of it (the gateway fires $disconnect there).
import type { RawData, WebSocket } from 'ws';
import { defaultReason, type ConnectionInfo } from './ws-event.ts';

export interface Connection extends ConnectionInfo {
  ws: WebSocket;
  lastActiveAt: number;
  idleTimer?: NodeJS.Timeout;
  maxTimer?: NodeJS.Timeout;
  ended: boolean;
}

export interface ConnectionRegistryOptions {
  /** Close a connection that sent no frame for this long. */
  idleTimeoutMs: number;
  /** Close a connection this long after it opened. */
  maxConnectionMs: number;
  /** A frame arrived on an open connection. */
  onMessage(conn: Connection, data: Buffer, isBinary: boolean): void;
  /** The connection is gone, with this close code and reason (called once per connection). */
  onEnd(conn: Connection, code: number, reason: string): void;
}

/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();
  /** Every upgraded socket until it has fully closed (including those the gateway is closing). */
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly options: ConnectionRegistryOptions) {}

  get size(): number {
    return this.connections.size;
  }

  get(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  /** Takes an upgraded socket into the registry, with its timers and event handlers. */
  register(ws: WebSocket, info: ConnectionInfo): Connection {
    const conn: Connection = { ...info, ws, lastActiveAt: info.connectedAt, ended: false };
    this.connections.set(conn.id, conn);
    this.sockets.add(ws);
    conn.idleTimer = setTimeout(() => this.close(conn, 1001, 'Going away'), this.options.idleTimeoutMs);
    conn.idleTimer.unref();
    conn.maxTimer = setTimeout(() => this.close(conn, 1001, 'Going away'), Math.min(this.options.maxConnectionMs, MAX_TIMER_MS));
    conn.maxTimer.unref();
    this.listen(conn);
    return conn;
  }

  private listen(conn: Connection): void {
    const { ws } = conn;
    ws.on('message', (data, isBinary) => {
      this.touch(conn);
      this.options.onMessage(conn, toBuffer(data), isBinary);
    });
    ws.on('ping', () => this.touch(conn));
    ws.on('pong', () => this.touch(conn));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws has already sent the close frame (1009 for an oversized frame).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.end(conn, 1009, 'Message too big');
      else this.end(conn, 1006, error.message);
      setTimeout(() => ws.terminate(), 1000).unref();
    });
    ws.on('close', (code, reason) => {
      this.sockets.delete(ws);
      const text = reason.toString('utf8');
      this.end(conn, code, text || defaultReason(code));
    });
  }

  private touch(conn: Connection): void {
    conn.lastActiveAt = Date.now();
    conn.idleTimer?.refresh();
  }

  /** The connection is gone (whoever closed it): forget it and tell onEnd, exactly once. */
  private end(conn: Connection, code: number, reason: string): void {
    if (conn.ended) return;
    conn.ended = true;
    this.connections.delete(conn.id);
    clearTimeout(conn.idleTimer);
    clearTimeout(conn.maxTimer);
    this.options.onEnd(conn, code, reason);
  }

  /** The gateway closes the connection: it ends at once, not after the closing handshake. */
  close(conn: Connection, code: number, reason: string): void {
    this.end(conn, code, reason);
    try {
      conn.ws.close(code, reason);
    } catch {
      conn.ws.terminate();
    }
    setTimeout(() => conn.ws.terminate(), 1000).unref();
  }

  /** Sends a frame if the connection is still open; false when it is not. */
  send(conn: Connection, data: string | Buffer, binary = false): boolean {
    if (conn.ended || conn.ws.readyState !== conn.ws.OPEN) return false;
    conn.ws.send(data, { binary }, () => undefined);
    return true;
  }

  /** Closes every open connection with 1001 Going away. */
  closeAll(): void {
    for (const conn of [...this.connections.values()]) this.close(conn, 1001, 'Going away');
  }

  /** Resolves when every socket has finished its closing handshake. */
  socketsClosed(): Promise<unknown> {
    return Promise.all([...this.sockets].map((ws) => new Promise((resolve) => ws.once('close', resolve))));
  }

  terminateSockets(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
