// `webhook.disabled`, said when the delivery worker disables an endpoint after too many failed
// events in a row. Built from the endpoint as stored, keyed by its disable time: a retry that finds
// the endpoint already disabled publishes the same event (same id), so the notice is not lost to a
// crash right after the disable write. Plain TypeScript.
import type { PlatformEvent } from '#shared/events/publish.ts';
import type { Webhook } from './webhook.ts';

const FAILURES_REASON = ' events in a row failed to deliver';

/** The reason the worker writes when it disables an endpoint. */
export const failuresReason = (failures: number) => `${failures}${FAILURES_REASON}`;

/** Disabled by the delivery worker (not by a maintainer): the endpoints `webhook.disabled` is about. */
export const disabledByFailures = (webhook: Webhook) =>
  !webhook.enabled && webhook.disabledAt !== null && (webhook.disabledReason ?? '').endsWith(FAILURES_REASON);

export function disabledEvent(webhook: Webhook, correlationId: string): PlatformEvent {
  const at = webhook.disabledAt!;
  return {
    type: 'webhook.disabled',
    tenantId: webhook.tenantId,
    channels: [], // the tenant's `events` channel, as every platform event but log lines
    data: {
      webhook_id: webhook.webhookId,
      url: webhook.url,
      reason: webhook.disabledReason,
      consecutive_failures: webhook.consecutiveFailures,
      disabled_at: at,
    },
    correlationId,
    occurredAt: at,
    key: `${webhook.webhookId}@${at}`,
  };
}
