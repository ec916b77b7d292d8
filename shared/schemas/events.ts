// Integration events API schemas (seed 002's event, in v1).
// Requests only: the response bodies are in responses/events.ts, which no function's bundle builds.
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

export const EventListQuery = PageQuery;
