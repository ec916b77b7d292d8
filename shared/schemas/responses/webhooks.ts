// Webhook endpoints: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../webhooks.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { Priority } from '../events.ts';

export const Webhook = z.object({
  webhook_id: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  event_types: z.array(z.string()),
  min_priority: Priority,
  enabled: z.boolean(),
  disabled_reason: z.nullable(z.string()),
  disabled_at: z.nullable(z.string()),
  consecutive_failures: z.number(),
  /** While a rotated-out secret is still signed with: until when. */
  previous_secret_expires_at: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
});

/** Create and rotate answer with the secret: the only time it is ever shown. */
export const WebhookWithSecret = z.extend(Webhook, { secret: z.string() });

export const TestEventAccepted = z.object({
  status: z.literal('accepted'),
  event_id: z.string(),
  webhook_id: z.string(),
  correlation_id: z.string(),
});

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type WebhookView = z.input<typeof Webhook>;
