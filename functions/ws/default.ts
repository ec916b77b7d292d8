// WebSocket $default: every client frame — subscribe, unsubscribe, ping (shared/realtime/session.ts).
// Answers go back through @connections, each carrying the correlation id; the connection stays
// open whatever the client sends.
import { logger } from '#shared/powertools/logger.ts';
import { postToConnection } from '#shared/realtime/connections-api.ts';
import { protocolError, type ServerMessage } from '#shared/realtime/protocol.ts';
import { answerClientFrame } from '#shared/realtime/session.ts';
import { wsRoute } from '#shared/realtime/ws-route.ts';

export const handler = wsRoute(async ({ connectionId, principal, body, correlationId }) => {
  let answers: ServerMessage[];
  try {
    answers = await answerClientFrame(body, { connectionId, principal });
  } catch (error) {
    logger.error('Frame failed', error as Error);
    answers = [protocolError('internal', 'Something went wrong; try again', new Date(), frameId(body))];
  }
  for (const answer of answers) {
    if ((await postToConnection(connectionId, { ...answer, correlation_id: correlationId })) === 'gone') break;
  }
  return { statusCode: 200 };
});

function frameId(body: string | undefined): string | undefined {
  try {
    const id = (JSON.parse(body ?? '') as { id?: unknown })?.id;
    return typeof id === 'string' ? id.slice(0, 128) : undefined;
  } catch {
    return undefined;
  }
}
