// Deletes the endpoint; its pending deliveries are skipped.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { deleteWebhook } from '#shared/webhooks/operations.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

export const handler = mutationRoute(webhooksRoutes['DELETE /v1/webhooks/{webhook_id}'], async ({ path, principal }) => {
  await deleteWebhook(principal, path.webhook_id);
  return noContent();
});
