// Revoking an agent (its own module: only the revoke function carries the @connections client).
import type { Principal } from '#shared/auth/principal.ts';
import { retireAgentStatus } from '#shared/monitoring/retire.ts';
import { closeConnectionsOf } from '#shared/realtime/close-connections.ts';
import { deleteApiKey, markAgentRevoked } from '#shared/store/agents.ts';
import { getAgent } from './operations.ts';

/**
 * Keys go first (nothing authenticates as a revoked agent), then the agent (every other write of
 * a key the authorizer still caches reads it: shared/agents/active.ts), then its live status (it
 * leaves the monitoring aggregates; one that never reported gets a tombstone, so none can start),
 * then its connections. Idempotent: a revoke that failed midway is finished by the next.
 */
export async function revokeAgent(actor: Principal, agentId: string, correlationId: string, now = new Date()): Promise<void> {
  const agent = await getAgent(actor, agentId);
  await deleteApiKey(agent.keyHash);
  if (agent.previousKeyHash) await deleteApiKey(agent.previousKeyHash);
  await markAgentRevoked(actor.tenantId, agentId, now.toISOString());
  await retireAgentStatus(actor.tenantId, agentId, correlationId);
  await closeConnectionsOf(actor.tenantId, agentId);
}
