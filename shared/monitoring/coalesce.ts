// Coalescing the monitoring channel: a flood of status changes is never a flood of messages.
// Plain TypeScript.
//
// A transition marks its tenant dirty. Only the mark that finds the tenant clean sends a message
// to the monitoring queue (so at most one message waits per tenant), and each mark bumps the
// tenant's `generation`. The monitoring worker handles each tenant once per batch: it publishes
// one `monitoring.updated` (the tenant's grouped counts) when the tenant's update slot is free —
// at most MONITORING_UPDATES_PER_SECOND, slots at least 1000/N ms apart, claimed by a
// conditional write — or waits for the next slot, or finds that another publish already covered
// its generation. A claim clears the dirty mark before the counts are read, so a change whose mark
// found the tenant dirty is always in the counts of the publish that clears that mark; the claim's
// generation counts as covered only once its update went out (a worker that dies in between
// leaves its messages to come back and publish).

export interface UpdateSlot {
  /** When the last update was published (its claim); null: never. */
  lastPublishedMs: number | null;
  /** The generation the last update that went out covers: every mark up to it is in its counts. */
  publishedGeneration: number;
}

export type SlotDecision = { kind: 'covered' } | { kind: 'claim' } | { kind: 'wait'; ms: number };

export const slotIntervalMs = (updatesPerSecond: number) => Math.ceil(1000 / Math.max(0.001, updatesPerSecond));

/** What a worker holding marks up to `generation` does now. */
export function decideSlot(slot: UpdateSlot, generation: number, nowMs: number, intervalMs: number): SlotDecision {
  if (slot.publishedGeneration >= generation) return { kind: 'covered' };
  if (slot.lastPublishedMs === null) return { kind: 'claim' };
  const freeAt = slot.lastPublishedMs + intervalMs;
  return nowMs >= freeAt ? { kind: 'claim' } : { kind: 'wait', ms: freeAt - nowMs };
}

/** A dirty mark older than this lost its message (a writer died between mark and send): the next mark sends again. */
export const DIRTY_MARK_STALE_MS = 30_000;

export interface UpdateRequest {
  tenantId: string;
  generation: number;
  messageId: string;
}

/** One entry per tenant of a worker batch: the highest generation asked for, and the messages it answers. */
export function coalesceBatch(requests: readonly UpdateRequest[]): Map<string, { generation: number; messageIds: string[] }> {
  const byTenant = new Map<string, { generation: number; messageIds: string[] }>();
  for (const request of requests) {
    const entry = byTenant.get(request.tenantId);
    if (entry) {
      entry.generation = Math.max(entry.generation, request.generation);
      entry.messageIds.push(request.messageId);
    } else byTenant.set(request.tenantId, { generation: request.generation, messageIds: [request.messageId] });
  }
  return byTenant;
}

/** The most updates any window of one second holds, given publish times (ms): what the limit bounds. */
export function maxPerSecond(timesMs: readonly number[]): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
