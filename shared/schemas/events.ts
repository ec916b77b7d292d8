// Integration events API schemas (seed 002's event, in v1).
import * as z from 'zod/mini';
import { PageQuery } from './common.ts';
import { storableJson, storedWithin } from './stored-json.ts';
import { EVENT_TYPE_NAME } from '#shared/webhooks/matching.ts';

export const Priority = z.enum(['low', 'medium', 'high', 'critical']);

/** Room an event's item keeps for its keys, ids and timestamps. */
export const EVENT_RESERVED_BYTES = 8 * 1024;

export const CreateEvent = z
  .strictObject({
    source: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    event_type: z
      .string()
      .check(z.maxLength(200), z.regex(EVENT_TYPE_NAME, 'must be a name of letters, digits, _, -, : and dots (e.g. server_down, deploy.failed)')),
    severity: z
      .string()
      .check(
        z.trim(),
        z.minLength(1),
        z.maxLength(50),
        z.describe('critical/fatal/emergency, high/error, medium/warning/warn; anything else is low (case-insensitive)'),
      ),
    message: z.string().check(z.minLength(1), z.maxLength(10_000)),
    metadata: z.optional(z.record(z.string().check(z.maxLength(128)), z.unknown()).check(storableJson(1))),
    dedup_key: z.optional(
      z.string().check(z.minLength(1), z.maxLength(255), z.describe('The same key within 24 h returns the first event instead of a new one')),
    ),
  })
  .check(storedWithin('the event', (body) => body, EVENT_RESERVED_BYTES));

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

export const EventListQuery = PageQuery;

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type EventView = z.input<typeof Event>;
export type DeliveryView = z.input<typeof Delivery>;
export type DeliveryAttemptView = z.input<typeof DeliveryAttempt>;
