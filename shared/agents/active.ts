// Revoked means revoked for every write an agent makes: the gateway's authorizer cache (60 s)
// still passes a revoked key, so each agent write checks the agent itself before it writes.
import type { Principal } from '#shared/auth/principal.ts';
import { isAgentActive } from '#shared/store/agents.ts';
import { agentRevoked } from './agent.ts';

/**
 * For an agent: one consistent read of its agent item, 409 "agent revoked" unless it is active.
 * Users pass untouched (their own routes check the agent they act on).
 */
export async function requireActiveAgent(actor: Principal): Promise<void> {
  if (actor.principalType !== 'agent') return;
  if (!actor.agentId || !(await isAgentActive(actor.tenantId, actor.agentId))) throw agentRevoked();
}
