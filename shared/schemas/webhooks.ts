// Webhook endpoints API schemas.
// Requests only: the response bodies are in responses/webhooks.ts, which no function's bundle builds.
import * as z from 'zod/mini';
import { EVENT_TYPE_PATTERN } from '#shared/webhooks/matching.ts';
import { Priority } from './events.ts';

const url = z.string().check(z.minLength(1), z.maxLength(2048), z.describe('https URL of a public host (the twin also allows http to loopback)'));
const description = z.string().check(z.maxLength(1000));
const eventTypes = z
  .array(z.string().check(z.maxLength(200), z.regex(EVENT_TYPE_PATTERN, 'must be an event type, prefix.* or *')))
  .check(z.maxLength(50), z.describe('Exact types or prefix.*; empty (the default) means every type'));

export const CreateWebhook = z.strictObject({
  url,
  description: z.optional(description),
  event_types: z.optional(eventTypes),
  min_priority: z.optional(Priority),
  enabled: z.optional(z.boolean()),
});

export const UpdateWebhook = z
  .strictObject({
    url: z.optional(url),
    description: z.optional(z.nullable(description)),
    event_types: z.optional(eventTypes),
    min_priority: z.optional(Priority),
    enabled: z.optional(z.boolean().check(z.describe('true re-enables a disabled endpoint and replays what it missed'))),
  })
  .check(z.refine((body) => Object.values(body).some((value) => value !== undefined), 'send at least one field'));

export const RotateWebhookSecret = z.optional(
  z.strictObject({
    /** Seconds the old secret is still signed with (default: WEBHOOK_SECRET_OVERLAP_SECONDS). */
    overlap_seconds: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(7 * 86_400))),
  }),
);
