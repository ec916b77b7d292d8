// Events: integration events accepted over HTTP and platform events (submission.scored, …), kept
// side by side and delivered to webhooks the same way. Plain TypeScript: the rules and views;
// intake.ts and dispatch.ts do the reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import { validationFailed } from '#shared/http/errors.ts';
import { EVENTS_CHANNEL, type ChannelUpdate } from '#shared/realtime/updates.ts';
import { priorityOfSeverity, type Priority } from './priority.ts';
import type { EventView } from '#shared/schemas/responses/events.ts';

export type EventKind = 'integration' | 'platform';

export interface StoredEvent {
  eventId: string;
  tenantId: string;
  kind: EventKind;
  /** The integration's `event_type`, or the platform event's type (`submission.scored`). */
  type: string;
  /** Who sent it: the integration's `source`; `scorecast` for platform events. */
  source: string;
  /** As sent (integration events only). */
  severity: string | null;
  priority: Priority;
  message: string | null;
  metadata: Record<string, unknown> | null;
  /** The platform event's data (platform events only). */
  data: Record<string, unknown> | null;
  dedupKey: string | null;
  correlationId: string;
  /** The principal that sent an integration event; null for platform events. */
  createdBy: string | null;
  receivedAt: string;
}

export const PLATFORM_SOURCE = 'scorecast';

/** A platform event as stored and delivered: no severity, message or metadata (its data says it all). */
export function platformEvent(
  fields: Pick<StoredEvent, 'eventId' | 'tenantId' | 'type' | 'priority' | 'data' | 'correlationId' | 'receivedAt'> & { createdBy?: string },
): StoredEvent {
  return {
    ...fields,
    kind: 'platform',
    source: PLATFORM_SOURCE,
    severity: null,
    message: null,
    metadata: null,
    dedupKey: null,
    createdBy: fields.createdBy ?? null,
  };
}

/** Type prefixes only the platform emits: an integration event may not pose as one of its events. */
export const RESERVED_PREFIXES = ['submission.', 'agent.', 'webhook.', 'scorecast.'] as const;
export const isReservedType = (type: string) => RESERVED_PREFIXES.some((prefix) => type.toLowerCase().startsWith(prefix));

/** The 400 for an integration event posing as a platform event (its type has a reserved prefix, in any case). */
export function checkEventType(type: string): void {
  if (isReservedType(type))
    throw validationFailed('The event type is reserved for platform events', [
      { location: 'body', path: 'event_type', message: `must not start with ${RESERVED_PREFIXES.join(', ')}` },
    ]);
}

export interface EventInput {
  source: string;
  event_type: string;
  severity: string;
  message: string;
  metadata?: Record<string, unknown>;
  dedup_key?: string;
}

/** An integration event as accepted: its priority from its severity, sent by the actor. */
export function integrationEvent(
  eventId: string,
  actor: Pick<Principal, 'tenantId' | 'principalId'>,
  input: EventInput,
  correlationId: string,
  now: Date,
): StoredEvent {
  return {
    eventId,
    tenantId: actor.tenantId,
    kind: 'integration',
    type: input.event_type,
    source: input.source,
    severity: input.severity,
    priority: priorityOfSeverity(input.severity),
    message: input.message,
    metadata: input.metadata ?? {},
    data: null,
    dedupKey: input.dedup_key ?? null,
    correlationId,
    createdBy: actor.principalId,
    receivedAt: now.toISOString(),
  };
}

export const eventView = (event: StoredEvent): EventView => ({
  event_id: event.eventId,
  kind: event.kind,
  event_type: event.type,
  source: event.source,
  severity: event.severity,
  priority: event.priority,
  message: event.message,
  metadata: event.metadata,
  data: event.data,
  dedup_key: event.dedupKey,
  correlation_id: event.correlationId,
  created_by: event.createdBy,
  received_at: event.receivedAt,
});

/** What every delivery POSTs: `{"type","timestamp","data"}` (the Standard Webhooks payload shape). */
export function webhookPayload(event: StoredEvent) {
  const data =
    event.kind === 'integration'
      ? {
          event_id: event.eventId,
          source: event.source,
          event_type: event.type,
          severity: event.severity,
          priority: event.priority,
          message: event.message,
          metadata: event.metadata ?? {},
          correlation_id: event.correlationId,
        }
      : { ...event.data, event_id: event.eventId, priority: event.priority, correlation_id: event.correlationId };
  return { type: event.type, timestamp: event.receivedAt, data };
}

/**
 * An accepted event on the tenant's `events` channel: the event as GET /v1/integrations/events
 * shows it, with `kind: 'event'` (like every update on that channel; the view's `kind`, always
 * `integration` here, gives way) and `type` (its event_type).
 */
export function eventsChannelUpdate(event: StoredEvent): ChannelUpdate {
  return {
    tenantId: event.tenantId,
    channel: EVENTS_CHANNEL,
    type: event.type,
    data: { ...eventView(event), kind: 'event', type: event.type },
    correlationId: event.correlationId,
    occurredAt: event.receivedAt,
  };
}
