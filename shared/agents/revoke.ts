// Revoking an agent (its own module: only the revoke function carries the @connections client).
import type { Principal } from '#shared/auth/principal.ts';
import { closeConnectionsOf } from '#shared/realtime/close-connections.ts';
import { deleteApiKey, markAgentRevoked } from '#shared/store/agents.ts';
import { getAgent } from './operations.ts';

/** Keys go first (nothing authenticates as a revoked agent), then the agent, then its connections. Idempotent. */
export async function revokeAgent(actor: Principal, agentId: string, now = new Date()): Promise<void> {
  const agent = await getAgent(actor, agentId);
  await deleteApiKey(agent.keyHash);
  if (agent.previousKeyHash) await deleteApiKey(agent.previousKeyHash);
  await markAgentRevoked(actor.tenantId, agentId, now.toISOString());
  await closeConnectionsOf(actor.tenantId, agentId);
}
