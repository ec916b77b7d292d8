// WebSocket $disconnect: forgets exactly the connection that went away, with its subscriptions.
import { wsRoute } from '#shared/realtime/ws-route.ts';
import { forgetConnection } from '#shared/store/subscriptions.ts';

export const handler = wsRoute(async ({ connectionId }) => {
  await forgetConnection(connectionId);
  return { statusCode: 200 };
});
