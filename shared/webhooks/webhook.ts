// Webhook endpoints: where a tenant's events are POSTed, which ones (event types, minimum
// priority), signed with which secret(s). Plain TypeScript: the rules and views; operations.ts and
// update.ts do the reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import { validationFailed } from '#shared/http/errors.ts';
import type { Priority } from '#shared/integrations/priority.ts';
import { checkWebhookUrl, type AddressPolicy } from './address.ts';
import type { WebhookView } from '#shared/schemas/responses/webhooks.ts';

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

export interface WebhookInput {
  url: string;
  description?: string;
  event_types?: string[];
  min_priority?: Priority;
  enabled?: boolean;
}

/** The URL as it will be called (normalised), or a 400 naming why it is refused. */
export function checkedUrl(url: string, policy: AddressPolicy): string {
  const check = checkWebhookUrl(url, policy);
  if (!check.ok) throw validationFailed(`The webhook URL ${check.reason}`, [{ location: 'body', path: 'url', message: check.reason }]);
  return check.url.href;
}

export const unique = (values: readonly string[]) => [...new Set(values)];

/** A newly registered endpoint: enabled unless asked otherwise (then it says who disabled it), every event type once. */
export function newWebhook(
  webhookId: string,
  actor: Pick<Principal, 'tenantId' | 'principalId'>,
  input: WebhookInput,
  url: string,
  secret: string,
  now: Date,
): Webhook {
  const at = now.toISOString();
  const enabled = input.enabled ?? true;
  return {
    webhookId,
    tenantId: actor.tenantId,
    url,
    description: input.description ?? null,
    eventTypes: unique(input.event_types ?? []),
    minPriority: input.min_priority ?? 'low',
    enabled,
    disabledReason: enabled ? null : `registered disabled by ${actor.principalId}`,
    disabledAt: enabled ? null : at,
    consecutiveFailures: 0,
    secret,
    previousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.principalId,
  };
}

/** Until when a rotated-out secret is still signed with (null: retired at once). */
export const overlapEnd = (overlapSeconds: number, now: Date): string | null =>
  overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000).toISOString() : null;
