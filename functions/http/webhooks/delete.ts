// DELETE /v1/webhooks/{webhook_id} (maintainer): deletes the endpoint; its pending deliveries are skipped.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { noContent } from '#shared/http/response.ts';
import { WebhookPath } from '#shared/schemas/webhooks.ts';
import { deleteWebhook } from '#shared/webhooks/operations.ts';

export const handler = mutationRoute({ path: WebhookPath }, async ({ path, principal }) => {
  await deleteWebhook(principal!, path.webhook_id);
  return noContent();
});
