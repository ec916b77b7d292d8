// Agents: the registered programs that submit answers, each with one live API key.
import { API_KEY_PREFIX } from './api-keys.ts';
import type { AgentView } from '#shared/schemas/agents.ts';

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
