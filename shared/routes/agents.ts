// The agents HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { AgentPath } from '#shared/schemas/ids.ts';
import { CreateAgent, RotateAgentKey, UpdateAgent } from '#shared/schemas/agents.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { StatusReport } from '#shared/schemas/monitoring.ts';

export const agentsRoutes = declareRoutes({
  'POST /v1/agents': {
    access: 'maintainer',
    action: 'agent.create',
    summary: 'Registers an agent; the response carries its API key, shown only this once',
    tags: ['agents'],
    schemas: { body: CreateAgent, responses: { 201: 'AgentWithKey' } },
    function: {
      name: 'agentsCreate',
      entry: 'functions/http/agents/create.ts',
      description: 'registers an agent and returns its API key once',
      uses: [tableReadWrite],
    },
  },
  'GET /v1/agents': {
    access: 'viewer',
    summary: "Lists the tenant's agents, oldest first",
    tags: ['agents'],
    schemas: { query: PageQuery, responses: { 200: 'AgentPage' } },
    function: {
      name: 'agentsList',
      entry: 'functions/http/agents/list.ts',
      description: "the tenant's agents, paged",
      uses: [tableRead],
    },
  },
  'GET /v1/agents/{agent_id}': {
    access: 'viewer',
    summary: 'Gets one agent',
    tags: ['agents'],
    schemas: { path: AgentPath, responses: { 200: 'Agent' } },
    function: {
      name: 'agentsGet',
      entry: 'functions/http/agents/get.ts',
      description: 'one agent',
      uses: [tableRead],
    },
  },
  'PATCH /v1/agents/{agent_id}': {
    access: 'maintainer',
    action: 'agent.update',
    summary: 'Renames or re-describes an active agent',
    tags: ['agents'],
    schemas: { path: AgentPath, body: UpdateAgent, responses: { 200: 'Agent' } },
    function: {
      name: 'agentsUpdate',
      entry: 'functions/http/agents/update.ts',
      description: 'renames an agent',
      uses: [tableReadWrite],
    },
  },
  'DELETE /v1/agents/{agent_id}': {
    access: 'maintainer',
    action: 'agent.revoke',
    summary: 'Revokes the agent: its keys stop working (within the authorizer cache TTL) and its connections close',
    tags: ['agents'],
    schemas: { path: AgentPath, responses: { 204: null } },
    function: {
      name: 'agentsRevoke',
      entry: 'functions/http/agents/revoke.ts',
      description: 'revokes the agent, its keys, its live status and its connections',
      timeoutSeconds: 15,
      uses: [tableReadWrite, { queue: 'monitoring', send: true }, { connections: true }],
    },
  },
  'POST /v1/agents/{agent_id}/keys': {
    access: 'maintainer',
    action: 'agent.rotate_key',
    summary: "Rotates the agent's API key; the old key stops working at once or after grace_period_seconds",
    tags: ['agents'],
    schemas: { path: AgentPath, body: RotateAgentKey, responses: { 200: 'AgentWithKey' } },
    function: {
      name: 'agentsRotateKey',
      entry: 'functions/http/agents/rotate-key.ts',
      description: "rotates the agent's API key",
      uses: [tableReadWrite],
    },
  },
  'PUT /v1/agents/{agent_id}/status': {
    access: 'maintainer',
    agents: true,
    audit: false,
    rateLimit: 'status',
    summary:
      "Reports an agent's live status (the agent itself, or a maintainer): heartbeats touch only the agent; transitions move the aggregates; an older report never overwrites a newer one",
    tags: ['monitoring'],
    schemas: { path: AgentPath, body: StatusReport, responses: { 200: 'AgentLiveStatus' } },
    function: {
      name: 'agentsStatus',
      entry: 'functions/http/agents/status.ts',
      description: "an agent's live status (heartbeat or transition)",
      // Transitions move the aggregates, ask the monitoring queue for an update and publish agent.status_changed.
      uses: [tableReadWrite, { queue: 'monitoring', send: true }, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
    },
  },
});
