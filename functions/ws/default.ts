// WebSocket $default: every client frame — subscribe, unsubscribe, ping (shared/realtime/session.ts).
// Answers go back through @connections, each carrying the correlation id; the connection stays
// open whatever the client sends.
import { postToConnection } from '#shared/realtime/connections-api.ts';
import { answerClientFrame } from '#shared/realtime/session.ts';
import { wsRoute } from '#shared/realtime/ws-route.ts';

export const handler = wsRoute(async ({ connectionId, principal, body, correlationId }) => {
  const answers = await answerClientFrame(body, { connectionId, principal });
  for (const answer of answers) {
    if ((await postToConnection(connectionId, { ...answer, correlation_id: correlationId })) === 'gone') break;
  }
  return { statusCode: 200 };
});
