// The WebSocket gateway's access log: one record per connection attempt, message, disconnection and
// @connections call, handed to the gateway's onEvent.

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

export type EmitLog = (log: WebSocketLog) => void;

/** An emitter that never lets a broken logger break the gateway. */
export function safeEmitter(onEvent: ((log: WebSocketLog) => void) | undefined): EmitLog {
  return (log) => {
    try {
      onEvent?.(log);
    } catch {
      // A broken logger never breaks the gateway.
    }
  };
}
