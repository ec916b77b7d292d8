// Webhook endpoints: where a tenant's events are POSTed, which ones (event types, minimum
// priority), signed with which secret(s). Plain TypeScript: no AWS types.
import type { Priority } from '#shared/integrations/priority.ts';
import type { WebhookView } from '#shared/schemas/webhooks.ts';

export interface Webhook {
  webhookId: string;
  tenantId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  minPriority: Priority;
  enabled: boolean;
  /** Why it was disabled (by a maintainer, or after too many failed events in a row). */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Events whose delivery failed in a row, since the last success (or re-enable). */
  consecutiveFailures: number;
  secret: string;
  /** A rotated-out secret, still signed with until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/** The secrets a delivery is signed with now: the current one, and a rotated-out one during its overlap. */
export function signingSecrets(webhook: Pick<Webhook, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: Date): string[] {
  const overlap = webhook.previousSecret && webhook.previousSecretExpiresAt && Date.parse(webhook.previousSecretExpiresAt) > now.getTime();
  return overlap ? [webhook.secret, webhook.previousSecret!] : [webhook.secret];
}

/** The endpoint as the API shows it: never its secrets (only create and rotate answer with `secret`). */
export const webhookView = (webhook: Webhook, now = new Date()): WebhookView => ({
  webhook_id: webhook.webhookId,
  url: webhook.url,
  description: webhook.description,
  event_types: webhook.eventTypes,
  min_priority: webhook.minPriority,
  enabled: webhook.enabled,
  disabled_reason: webhook.disabledReason,
  disabled_at: webhook.disabledAt,
  consecutive_failures: webhook.consecutiveFailures,
  previous_secret_expires_at: signingSecrets(webhook, now).length > 1 ? webhook.previousSecretExpiresAt : null,
  created_at: webhook.createdAt,
  updated_at: webhook.updatedAt,
  created_by: webhook.createdBy,
});
