// WebSocket $default: every client frame. Answers go back through @connections.
import { answerFrame, parseClientFrame } from '#shared/realtime/protocol.ts';
import { postToConnection } from '#shared/realtime/connections-api.ts';
import { wsRoute } from '#shared/realtime/ws-route.ts';

export const handler = wsRoute(async ({ connectionId, body, correlationId }) => {
  const now = new Date();
  const frame = parseClientFrame(body, now);
  const answer = 'type' in frame ? frame : answerFrame(frame, now);
  await postToConnection(connectionId, { ...answer, correlation_id: correlationId });
  return { statusCode: 200 };
});
