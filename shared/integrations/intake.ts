// Accepting an integration event (seed 002, over HTTP): validated by the route's schema, its
// severity mapped to a priority, deduplicated by `dedup_key` for 24 h, persisted, broadcast on the
// tenant's `events` WebSocket channel (best effort), then fanned out to the tenant's subscribed
// endpoints. (Viewers list events and read one with every delivery attempt: read.ts, which carries
// no queue client.)
import { createHash } from 'node:crypto';
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { broadcastUpdates } from '#shared/events/broadcast-sink.ts';
import { AppError } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { claimDedupKey, findEvent, takeOverDedupKey } from '#shared/store/events.ts';
import { checkEventType, eventsChannelUpdate, integrationEvent, type EventInput, type StoredEvent } from './event.ts';
import { dispatchEvent, recordEvent } from './dispatch.ts';
import { loadMetrics } from '#shared/powertools/on-demand.ts';

export interface Accepted {
  event: StoredEvent;
  /** The dedup key named an event accepted in the last 24 h: this is that event. */
  deduplicated: boolean;
}

/** A dedup claim whose event never appeared this long after is taken over (its holder crashed). */
const ABANDONED_CLAIM_MS = 60_000;

export async function acceptEvent(actor: Principal, input: EventInput, correlationId: string, now = new Date()): Promise<Accepted> {
  checkEventType(input.event_type);
  await requireActiveAgent(actor); // an agent's cached key may outlive its revoke (maintainers pass)
  const event = integrationEvent(newId('evt', now.getTime()), actor, input, correlationId, now);
  if (event.dedupKey) {
    const first = await firstWithDedupKey(actor.tenantId, event.dedupKey, event.eventId, now);
    if (first) {
      (await loadMetrics()).addMetric('events_deduplicated', 'Count', 1);
      return { event: first, deduplicated: true };
    }
  }
  await recordEvent(event);
  // Real-time first (latency), once: a deduplicated event returned above. Never throws.
  await broadcastUpdates([eventsChannelUpdate(event)]);
  const deliveries = await dispatchEvent(event, { now });
  (await loadMetrics()).addMetric('events_accepted', 'Count', 1);
  (await loadMetrics()).addMetric('deliveries_enqueued', 'Count', deliveries);
  return { event, deduplicated: false };
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
