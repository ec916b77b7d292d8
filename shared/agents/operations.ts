// What maintainers do with agents: register, rename, rotate a key, revoke. Each step is a
// single-item write, ordered so a crash midway leaves nothing that authenticates wrongly.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { deleteApiKey, expireApiKey, findAgent, insertAgent, insertApiKey, swapAgentKey, updateAgentDetails } from '#shared/store/agents.ts';
import { checkChangeable, newAgent, outgoingKey, type Agent } from './agent.ts';
import { newApiKey } from './api-keys.ts';

export interface AgentWithKey {
  agent: Agent;
  apiKey: string;
}

export async function registerAgent(actor: Principal, input: { name: string; description?: string }, now = new Date()): Promise<AgentWithKey> {
  const key = newApiKey();
  const at = now.toISOString();
  const agent = newAgent(newId('agt', now.getTime()), actor, input, key, now);
  // The agent first: a key item only ever points at an agent that exists.
  await insertAgent(agent);
  await insertApiKey(key.hash, agent, at);
  return { agent, apiKey: key.key };
}

export async function getAgent(actor: Principal, agentId: string): Promise<Agent> {
  const agent = await findAgent(actor.tenantId, agentId);
  if (!agent) throw notFound('The agent');
  return agent;
}

export async function updateAgent(
  actor: Principal,
  agentId: string,
  changes: { name?: string; description?: string | null },
  now = new Date(),
): Promise<Agent> {
  const updated = await updateAgentDetails(actor.tenantId, agentId, changes, now.toISOString());
  if (updated) return updated;
  await getAgent(actor, agentId); // 404 when it does not exist (in this tenant)
  throw new AppError('conflict', 'The agent is revoked; register a new one');
}

/** A new key now; the old one stops working at once, or after the grace period. */
export async function rotateAgentKey(actor: Principal, agentId: string, gracePeriodSeconds: number, now = new Date()): Promise<AgentWithKey> {
  const agent = await getAgent(actor, agentId);
  checkChangeable(agent);
  const key = newApiKey();
  const outgoing = outgoingKey(agent, gracePeriodSeconds, now);
  await insertApiKey(key.hash, agent, now.toISOString());
  const rotated = await swapAgentKey(agent, { hash: key.hash, hint: key.hint, previousHash: outgoing.keptAsPrevious }, now.toISOString());
  if (!rotated) {
    await deleteApiKey(key.hash);
    throw new AppError('conflict', 'The agent changed while rotating its key (another rotation or a revocation); try again');
  }
  if (agent.previousKeyHash) await deleteApiKey(agent.previousKeyHash);
  if (outgoing.until) await expireApiKey(agent.keyHash, outgoing.until);
  else await deleteApiKey(agent.keyHash);
  return { agent: rotated, apiKey: key.key };
}
