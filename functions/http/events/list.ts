// The tenant's events, integration and platform, newest first.
import { eventView } from '#shared/integrations/event.ts';
import { listEvents } from '#shared/integrations/read.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { eventsRoutes } from '#shared/routes/events.ts';

export const handler = route(eventsRoutes['GET /v1/integrations/events'], async ({ query, principal }) => {
  const page = await listEvents(principal, query.limit, query.cursor);
  return ok({ items: page.events.map(eventView), next_cursor: page.nextCursor });
});
