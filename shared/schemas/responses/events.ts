// Events and their deliveries: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../events.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { Priority } from '../events.ts';

export const EventAccepted = z.object({
  status: z.literal('accepted'),
  event_id: z.string(),
  correlation_id: z.string(),
  priority: Priority,
  dedup_key: z.nullable(z.string()),
  /** true when dedup_key named an event accepted in the last 24 h: that event is answered. */
  deduplicated: z.boolean(),
});

export const DeliveryStatus = z.enum(['pending', 'retrying', 'succeeded', 'failed', 'dead_lettered', 'paused', 'skipped']);

export const DeliveryAttempt = z.object({
  number: z.number(),
  receive: z.number(),
  attempted_at: z.string(),
  status_code: z.nullable(z.number()),
  latency_ms: z.number(),
  outcome: z.enum(['succeeded', 'retryable', 'failed']),
  error: z.nullable(z.string()),
});

export const Delivery = z.object({
  event_id: z.string(),
  webhook_id: z.string(),
  event_type: z.string(),
  status: DeliveryStatus,
  attempt_count: z.number(),
  attempts: z.array(DeliveryAttempt),
  last_error: z.nullable(z.string()),
  next_attempt_at: z.nullable(z.string()),
  delivered_at: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const Event = z.object({
  event_id: z.string(),
  kind: z.enum(['integration', 'platform']),
  event_type: z.string(),
  source: z.string(),
  severity: z.nullable(z.string()),
  priority: Priority,
  message: z.nullable(z.string()),
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  data: z.nullable(z.record(z.string(), z.unknown())),
  dedup_key: z.nullable(z.string()),
  correlation_id: z.string(),
  created_by: z.nullable(z.string()),
  received_at: z.string(),
});

export const EventWithDeliveries = z.extend(Event, { deliveries: z.array(Delivery) });

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type EventView = z.input<typeof Event>;
export type DeliveryView = z.input<typeof Delivery>;
export type DeliveryAttemptView = z.input<typeof DeliveryAttempt>;
