// Agents: the registered programs that submit answers, each with one live API key. Plain
// TypeScript: the rules and views; operations.ts and revoke.ts do the reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import { API_KEY_PREFIX, type NewApiKey } from './api-keys.ts';
import type { AgentView } from '#shared/schemas/responses/agents.ts';

export type AgentStatus = 'active' | 'revoked';

export interface Agent {
  agentId: string;
  tenantId: string;
  name: string;
  description: string | null;
  status: AgentStatus;
  keyHash: string;
  keyHint: string;
  /** A rotated-out key still honoured until its grace period ends. */
  previousKeyHash: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export const agentView = (agent: Agent): AgentView => ({
  agent_id: agent.agentId,
  name: agent.name,
  description: agent.description,
  status: agent.status,
  key_hint: `${API_KEY_PREFIX}…${agent.keyHint}`,
  created_at: agent.createdAt,
  updated_at: agent.updatedAt,
  created_by: agent.createdBy,
  revoked_at: agent.revokedAt,
});

/** The one answer to any write by (or, for status, about) a revoked agent. */
export const agentRevoked = () => new AppError('conflict', 'agent revoked');

/** A newly registered agent: active, with its first key (stored as a hash and a hint only). */
export function newAgent(
  agentId: string,
  actor: Pick<Principal, 'tenantId' | 'principalId'>,
  input: { name: string; description?: string },
  key: Pick<NewApiKey, 'hash' | 'hint'>,
  now: Date,
): Agent {
  const at = now.toISOString();
  return {
    agentId,
    tenantId: actor.tenantId,
    name: input.name,
    description: input.description ?? null,
    status: 'active',
    keyHash: key.hash,
    keyHint: key.hint,
    previousKeyHash: null,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.principalId,
    revokedAt: null,
  };
}

/** A revoked agent keeps its record but changes no more: renaming it or rotating its key is 409. */
export function checkChangeable(agent: Pick<Agent, 'status'>): void {
  if (agent.status !== 'active') throw new AppError('conflict', 'The agent is revoked; register a new one');
}

/**
 * What rotating an agent's key does to the key it had: with a grace period it keeps working (as the
 * agent's previous key) until `until`; without one it stops at once.
 */
export function outgoingKey(
  agent: Pick<Agent, 'keyHash'>,
  gracePeriodSeconds: number,
  now: Date,
): { keptAsPrevious: string | null; until: Date | null } {
  if (gracePeriodSeconds <= 0) return { keptAsPrevious: null, until: null };
  return { keptAsPrevious: agent.keyHash, until: new Date(now.getTime() + gracePeriodSeconds * 1000) };
}
