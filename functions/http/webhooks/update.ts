// Changes the URL, event types, minimum priority or
// description; `enabled: false` pauses deliveries, `enabled: true` re-enables a disabled endpoint
// and replays what it missed.
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { updateWebhook } from '#shared/webhooks/update.ts';
import { addressPolicy } from '#shared/webhooks/settings.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

const policy = addressPolicy();

export const handler = mutationRoute(webhooksRoutes['PATCH /v1/webhooks/{webhook_id}'], async ({ path, body, principal, correlationId }) =>
  ok(webhookView(await updateWebhook(principal, path.webhook_id, body, policy, correlationId))),
);
