// Accepting an integration event (seed 002, over HTTP): validated by the route's schema, its
// severity mapped to a priority, deduplicated by `dedup_key` for 24 h, persisted, broadcast on the
// tenant's `events` WebSocket channel (best effort), then fanned out to the tenant's subscribed
// endpoints. (Viewers list events and read one with every delivery attempt: read.ts, which carries
// no queue client.)
import { createHash } from 'node:crypto';
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { broadcastUpdates, type ChannelUpdate } from '#shared/events/broadcast-sink.ts';
import { AppError, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { EVENTS_CHANNEL } from '#shared/realtime/updates.ts';
import { claimDedupKey, findEvent, takeOverDedupKey } from '#shared/store/events.ts';
import { eventView, isReservedType, RESERVED_PREFIXES, type StoredEvent } from './event.ts';
import { dispatchEvent, recordEvent } from './dispatch.ts';
import { priorityOfSeverity } from './priority.ts';

export interface EventInput {
  source: string;
  event_type: string;
  severity: string;
  message: string;
  metadata?: Record<string, unknown>;
  dedup_key?: string;
}

export interface Accepted {
  event: StoredEvent;
  /** The dedup key named an event accepted in the last 24 h: this is that event. */
  deduplicated: boolean;
}

/** A dedup claim whose event never appeared this long after is taken over (its holder crashed). */
const ABANDONED_CLAIM_MS = 60_000;

export async function acceptEvent(actor: Principal, input: EventInput, correlationId: string, now = new Date()): Promise<Accepted> {
  if (isReservedType(input.event_type))
    throw validationFailed('The event type is reserved for platform events', [
      { location: 'body', path: 'event_type', message: `must not start with ${RESERVED_PREFIXES.join(', ')}` },
    ]);
  await requireActiveAgent(actor); // an agent's cached key may outlive its revoke (maintainers pass)
  const event: StoredEvent = {
    eventId: newId('evt', now.getTime()),
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
  if (event.dedupKey) {
    const first = await firstWithDedupKey(actor.tenantId, event.dedupKey, event.eventId, now);
    if (first) {
      metrics.addMetric('events_deduplicated', 'Count', 1);
      return { event: first, deduplicated: true };
    }
  }
  await recordEvent(event);
  // Real-time first (latency), once: a deduplicated event returned above. Never throws.
  await broadcastUpdates([eventsChannelUpdate(event)]);
  const deliveries = await dispatchEvent(event, { now });
  metrics.addMetric('events_accepted', 'Count', 1);
  metrics.addMetric('deliveries_enqueued', 'Count', deliveries);
  return { event, deduplicated: false };
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

/** The event already holding this dedup key, or undefined once the key is ours. */
async function firstWithDedupKey(tenantId: string, dedupKey: string, eventId: string, now: Date): Promise<StoredEvent | undefined> {
  const hash = createHash('sha256').update(dedupKey).digest('hex');
  const claim = await claimDedupKey(tenantId, hash, eventId, now);
  if (claim.claimed) return undefined;
  const first = await findEvent(tenantId, claim.eventId, now);
  if (first) return first;
  if (now.getTime() - Date.parse(claim.claimedAt) > ABANDONED_CLAIM_MS && (await takeOverDedupKey(tenantId, hash, claim.eventId, eventId, now)))
    return undefined;
  throw new AppError('conflict', 'An event with this dedup_key is being accepted right now; retry shortly');
}
