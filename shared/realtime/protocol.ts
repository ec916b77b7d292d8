// The WebSocket protocol (DESIGN.md, "WebSocket contract"): client frames in, server messages out.
// Plain TypeScript, no AWS types.
import * as z from 'zod/mini';

export const ClientFrame = z.object({
  action: z.string().check(z.maxLength(64)),
  channel: z.optional(z.string().check(z.maxLength(256))),
  id: z.optional(z.string().check(z.maxLength(128))),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

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

export const protocolError = (code: string, message: string, now: Date, id?: string): ServerMessage => ({
  type: 'error',
  code,
  message,
  ...(id === undefined ? {} : { id }),
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

/** The answer to a well-formed frame (subscriptions join in the real-time work). */
export function answerFrame(frame: ClientFrame, now: Date): ServerMessage {
  if (frame.action === 'ping') return { type: 'pong', ...(frame.id === undefined ? {} : { id: frame.id }), ts: now.toISOString() };
  return protocolError('unknown_action', `Unknown action "${frame.action.slice(0, 64)}"; use ping`, now, frame.id);
}
