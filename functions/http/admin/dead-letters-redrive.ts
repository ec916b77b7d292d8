// Sends the tenant's not-yet-redriven dead
// letters of the queue back to it (scoring: their submissions go failed → queued first); 202 with
// how many went back.
import { redriveDeadLetters } from '#shared/dead-letters/redrive.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { accepted } from '#shared/http/response.ts';
import { adminRoutes } from '#shared/routes/admin.ts';

export const handler = mutationRoute(adminRoutes['POST /v1/admin/dead-letters/{queue}/redrive'], async ({ path, principal }) =>
  accepted({ redriven: await redriveDeadLetters(principal, path.queue) }),
);
