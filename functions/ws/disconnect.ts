// WebSocket $disconnect: forgets exactly the connection that went away.
import { wsRoute } from '#shared/realtime/ws-route.ts';
import { forgetConnection } from '#shared/store/connections.ts';

export const handler = wsRoute(async ({ connectionId }) => {
  await forgetConnection(connectionId);
  return { statusCode: 200 };
});
