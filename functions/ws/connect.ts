// WebSocket $connect (authorised by the authorizer's IAM policy): registers the connection.
import { wsRoute } from '#shared/realtime/ws-route.ts';
import { saveConnection } from '#shared/store/connections.ts';

export const handler = wsRoute(async ({ connectionId, principal }) => {
  if (!principal) return { statusCode: 401 };
  await saveConnection({ connectionId, principal, connectedAt: new Date().toISOString() });
  return { statusCode: 200 };
});
