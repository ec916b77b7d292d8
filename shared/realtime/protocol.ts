// The WebSocket protocol (DESIGN.md, "WebSocket contract"): client frames in, server messages out.
// Plain TypeScript, no AWS types.
//
// Client → server: {"action": "subscribe"|"unsubscribe"|"ping", "channel"?, "id"?}.
// Server → client: {"type": "ack"|"snapshot"|"update"|"pong"|"error", "channel"?, "id"?, "seq"?,
// "data"?, "ts", "correlation_id"?}; errors add "code" and "message". ack, pong and error echo the
// client's id. A bad frame is answered with an error and the connection stays open.
import * as z from 'zod/mini';

export const ClientFrame = z.object({
  action: z.string().check(z.maxLength(64)),
  channel: z.optional(z.string().check(z.maxLength(256))),
  id: z.optional(z.string().check(z.maxLength(128))),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ACTIONS = ['subscribe', 'unsubscribe', 'ping'] as const;

export type ServerMessageType = 'ack' | 'snapshot' | 'update' | 'pong' | 'error';

export interface ServerMessage {
  type: ServerMessageType;
  channel?: string;
  id?: string;
  seq?: number;
  data?: unknown;
  code?: string;
  message?: string;
  correlation_id?: string;
  ts: string;
}

/**
 * Error codes a client may receive: malformed_frame, unknown_action, validation_failed (a missing
 * or malformed channel), unknown_channel, unauthorized, forbidden, not_found,
 * too_many_subscriptions, internal.
 */
export const protocolError = (code: string, message: string, now: Date, id?: string): ServerMessage => ({
  type: 'error',
  code,
  message,
  ...(id === undefined ? {} : { id }),
  ts: now.toISOString(),
});

const echo = (id: string | undefined) => (id === undefined ? {} : { id });

export const ack = (channel: string, now: Date, id?: string): ServerMessage => ({ type: 'ack', channel, ...echo(id), ts: now.toISOString() });

export const snapshot = (channel: string, seq: number, data: unknown, now: Date): ServerMessage => ({
  type: 'snapshot',
  channel,
  seq,
  data,
  ts: now.toISOString(),
});

/** A frame, or the error message that answers it. The connection stays open either way. */
export function parseClientFrame(body: string | undefined, now: Date): ClientFrame | ServerMessage {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return protocolError('malformed_frame', 'Frames must be JSON objects like {"action":"ping"}', now);
  }
  const parsed = ClientFrame.safeParse(json);
  if (parsed.success) return parsed.data;
  const id = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id.slice(0, 128) : undefined;
  return protocolError('malformed_frame', 'Frames need a string "action" and optional string "channel" and "id"', now, id);
}

export const isServerMessage = (frame: ClientFrame | ServerMessage): frame is ServerMessage => 'type' in frame;

/** The answer to a frame that needs no table: ping, and actions nobody knows. */
export function answerFrame(frame: ClientFrame, now: Date): ServerMessage {
  if (frame.action === 'ping') return { type: 'pong', ...echo(frame.id), ts: now.toISOString() };
  return protocolError('unknown_action', `Unknown action "${frame.action.slice(0, 64)}"; use ${ACTIONS.join(', ')}`, now, frame.id);
}
