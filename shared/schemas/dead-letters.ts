// Dead-letter schemas (admin routes).
import * as z from 'zod/mini';
import { PageQuery } from './common.ts';

/**
 * The declared queues (infra/wiring.ts `queues`); test/contract/queues.test.ts pins this list
 * to the declaration, so a queue added there without its name here fails a test.
 */
export const QUEUE_NAMES = ['scoring', 'broadcast', 'delivery', 'monitoring', 'judging'] as const;
export const QueueName = z.enum(QUEUE_NAMES);

export const DeadLetterQuery = z.extend(PageQuery, {
  queue: QueueName,
  /** `platform`: the dead letters that name no tenant (operator tenant's admins only). Default `tenant`. */
  scope: z.optional(z.enum(['tenant', 'platform'])),
});
export const DeadLetterQueuePath = z.object({ queue: QueueName });

export const MessageAttribute = z.object({
  data_type: z.string(),
  string_value: z.optional(z.string()),
  /** Base64. */
  binary_value: z.optional(z.string()),
});

export const DeadLetter = z.object({
  queue: QueueName,
  message_id: z.string(),
  /** The message body: its JSON value, or the raw text when it is not JSON. */
  body: z.unknown(),
  message_attributes: z.record(z.string(), MessageAttribute),
  correlation_id: z.nullable(z.string()),
  /** How many times the queue's consumer received it before giving up. */
  attempts: z.number(),
  /** The consumer's latest error, when it recorded one (a timeout or crash leaves none). */
  last_error: z.nullable(z.string()),
  /** When the message was first sent to the queue. */
  first_seen_at: z.string(),
  /** The consumer's latest failure (else when it was recorded). */
  last_seen_at: z.string(),
  /** When the dead-letter recorder recorded it. */
  recorded_at: z.string(),
  /** When an admin sent it back to its queue; null until then. */
  redriven_at: z.nullable(z.string()),
});

export const RedriveResult = z.object({ redriven: z.number() });

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type DeadLetterView = z.input<typeof DeadLetter>;
