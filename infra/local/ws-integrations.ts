// The WebSocket API's Lambda integrations after $connect: a frame goes to the route its
// `action` selects (else $default), and a connection that ended fires $disconnect, whose
// invocations are tracked so that closing the gateway can wait for them.
import { describeError, gatewayId } from './http-common.ts';
import type { Invoker } from './invoker.ts';
import type { Connection, ConnectionRegistry } from './ws-connections.ts';
import { buildDisconnectEvent, buildMessageEvent, selectRoute, type ConnectionInfo, type WebSocketApi } from './ws-event.ts';
import type { EmitLog } from './ws-log.ts';

export interface IntegrationContext {
  api: WebSocketApi;
  /** Route key → function (wiring.webSocket.routes). */
  routes: Readonly<Record<string, string>>;
  invoker: Invoker;
  emit: EmitLog;
}

/** Invokes the selected route with one frame; the client hears API Gateway's error when there is none or it fails. */
export async function routeMessage(
  ctx: IntegrationContext,
  registry: ConnectionRegistry,
  conn: Connection,
  data: Buffer,
  isBinary: boolean,
): Promise<void> {
  const now = Date.now();
  const requestId = gatewayId();
  const routeKey = selectRoute(data, isBinary, ctx.routes);
  const fn = ctx.routes[routeKey];
  const log = { type: 'message' as const, connectionId: conn.id, requestId, routeKey };
  if (!fn) {
    registry.send(conn, JSON.stringify({ message: 'Forbidden', connectionId: conn.id, requestId }));
    ctx.emit({ ...log, status: 403, error: 'no route' });
    return;
  }
  const event = buildMessageEvent(ctx.api, conn, { routeKey, data, isBinary, now, requestId, messageId: gatewayId() });
  try {
    await ctx.invoker.invoke(fn, event);
    ctx.emit({ ...log, status: 200 });
  } catch (error) {
    registry.send(conn, JSON.stringify({ message: 'Internal server error', connectionId: conn.id, requestId }));
    ctx.emit({ ...log, status: 500, error: describeError(error) });
  }
}

/** Fires $disconnect for connections that ended, and keeps the invocations still running. */
export class DisconnectDispatcher {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly ctx: IntegrationContext) {}

  fire(conn: ConnectionInfo, code: number, reason: string): void {
    const { ctx } = this;
    const fn = ctx.routes.$disconnect;
    const now = Date.now();
    const requestId = gatewayId();
    ctx.emit({ type: 'disconnect', connectionId: conn.id, requestId, disconnectStatusCode: code, disconnectReason: reason });
    if (!fn) return;
    const event = buildDisconnectEvent(ctx.api, conn, { code, reason, now, requestId });
    const invocation = Promise.resolve()
      .then(() => ctx.invoker.invoke(fn, event))
      .catch((error: unknown) => {
        ctx.emit({ type: 'disconnect', connectionId: conn.id, requestId, error: describeError(error) });
      });
    this.pending.add(invocation);
    void invocation.finally(() => this.pending.delete(invocation));
  }

  /** Settles when every $disconnect invocation fired so far has. */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.pending]);
  }
}
