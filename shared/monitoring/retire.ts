// A revoked agent leaves live monitoring: its status item becomes a tombstone (a transition to
// nowhere, written against exactly the version read, its −1 pending like any delta), the −1 lands
// where it was counted, and the tenant's monitoring channel gets a fresh summary. The tombstone
// refuses every later report, even one admitted just before the revoke. No `agent.status_changed`:
// the agent did not change status, it stopped existing (its revocation is the event). An agent that
// never reported gets a bare tombstone, so its still-cached key cannot create a first status either.
import { buryStatus, findStatus, retireStatus } from '#shared/store/agent-status.ts';
import { stateOf } from './status.ts';
import { announceRetirement, applyDelta, pendingDelta } from './transition.ts';

/** Tries before giving up on an agent whose reports keep racing the retirement (the reconciler does not need it: a report after the revoke is refused anyway). */
const MAX_ROUNDS = 5;

/**
 * `retired`: it was counted and has left the aggregates; `buried`: it never reported, and now never
 * will; `already`: retired before (idempotent).
 */
export async function retireAgentStatus(
  tenantId: string,
  agentId: string,
  correlationId: string,
  now: () => number = Date.now,
): Promise<'retired' | 'buried' | 'already'> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const stored = await findStatus(tenantId, agentId);
    if (stored && stored.retiredAtMs !== null) return 'already';
    if (!stored) {
      if (await buryStatus(tenantId, agentId, now())) return 'buried';
      continue; // a first report got in first: retire that one
    }
    const writtenAtMs = now();
    const delta = pendingDelta(stateOf(stored), null, writtenAtMs);
    if (!(await retireStatus(stored, writtenAtMs, delta))) continue; // a report got in first: look again
    await applyDelta({ delta, after: stored, writtenAtMs }, now);
    await announceRetirement(tenantId, correlationId, now);
    return 'retired';
  }
  throw new Error(`The status of agent ${agentId} kept changing while it was retired`);
}
