// The one wiring declaration: every function, HTTP route (with who may call it), WebSocket route,
// queue, schedule and setting. The CDK stack and the local twin are both built from this value.
// Adding a capability is an entry here plus its handler file.
import type { Wiring } from './wiring-types.ts';
import { Agent, AgentPath, AgentWithKey, CreateAgent, RotateAgentKey, UpdateAgent } from '#shared/schemas/agents.ts';
import { AuditEntry, AuditQuery } from '#shared/schemas/audit.ts';
import { PageQuery, pageOf } from '#shared/schemas/common.ts';
import { Health } from '#shared/schemas/health.ts';
import { WhoAmI } from '#shared/schemas/identity.ts';

const table = { table: 'read' } as const;
const readWrite = { table: 'readWrite' } as const;

export const wiring = {
  service: 'scorecast',

  table: {
    partitionKey: 'PK',
    sortKey: 'SK',
    ttlAttribute: 'expires_at',
    indexes: {
      // Generic secondary keys; each item type documents what it puts in them (shared/store/keys.ts).
      GSI1: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
      GSI2: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    },
  },

  functions: {
    authorizer: {
      entry: 'functions/authorizer.ts',
      description: 'HTTP API simple-response authorizer and WebSocket $connect IAM-policy authorizer',
      memoryMb: 512,
      timeoutSeconds: 5,
      // Agent API keys are looked up by hash in one read.
      uses: [table],
      settings: ['JWT_ISSUERS', 'TENANT_CLAIM', 'ROLES_CLAIM', 'LOCATIONS_CLAIM'],
    },
    health: {
      entry: 'functions/http/health.ts',
      description: 'GET /health: reads the table and every declared queue',
      memoryMb: 512,
      timeoutSeconds: 5,
      uses: [table, { allQueues: 'inspect' }],
    },
    whoami: {
      entry: 'functions/http/whoami.ts',
      description: 'GET /v1/whoami: the calling principal',
      memoryMb: 256,
      timeoutSeconds: 5,
    },
    openapi: {
      entry: 'functions/http/openapi.ts',
      description: 'GET /openapi.json: the OpenAPI 3.1 document generated from this declaration',
      memoryMb: 256,
      timeoutSeconds: 5,
    },
    agentsCreate: {
      entry: 'functions/http/agents/create.ts',
      description: 'POST /v1/agents: registers an agent and returns its API key once',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [readWrite],
    },
    agentsList: {
      entry: 'functions/http/agents/list.ts',
      description: 'GET /v1/agents: the tenant\'s agents, paged',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [table],
    },
    agentsGet: {
      entry: 'functions/http/agents/get.ts',
      description: 'GET /v1/agents/{agent_id}: one agent',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [table],
    },
    agentsUpdate: {
      entry: 'functions/http/agents/update.ts',
      description: 'PATCH /v1/agents/{agent_id}: renames an agent',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [readWrite],
    },
    agentsRevoke: {
      entry: 'functions/http/agents/revoke.ts',
      description: 'DELETE /v1/agents/{agent_id}: revokes the agent, its keys and its connections',
      memoryMb: 512,
      timeoutSeconds: 15,
      uses: [readWrite, { connections: true }],
    },
    agentsRotateKey: {
      entry: 'functions/http/agents/rotate-key.ts',
      description: 'POST /v1/agents/{agent_id}/keys: rotates the agent\'s API key',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [readWrite],
    },
    auditList: {
      entry: 'functions/http/audit/list.ts',
      description: 'GET /v1/audit: the tenant\'s audit log',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [table],
    },
    wsConnect: {
      entry: 'functions/ws/connect.ts',
      description: 'WebSocket $connect: registers the authorised connection',
      memoryMb: 512,
      timeoutSeconds: 5,
      uses: [{ table: 'readWrite' }],
    },
    wsDisconnect: {
      entry: 'functions/ws/disconnect.ts',
      description: 'WebSocket $disconnect: forgets exactly the connection that went away',
      memoryMb: 512,
      timeoutSeconds: 5,
      uses: [{ table: 'readWrite' }],
    },
    wsDefault: {
      entry: 'functions/ws/default.ts',
      description: 'WebSocket $default: the client protocol (ping; errors for anything unknown)',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [{ connections: true }],
    },
  },

  authorizer: {
    function: 'authorizer',
    cacheTtlSeconds: 60,
    webSocketTokenParameter: 'token',
  },

  http: {
    cors: {
      allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
      exposeHeaders: ['x-correlation-id', 'retry-after', 'www-authenticate'],
      maxAgeSeconds: 600,
    },
    throttle: { rateLimit: 200, burstLimit: 400 },
    routes: [
      {
        method: 'GET',
        path: '/health',
        function: 'health',
        access: 'public',
        summary: 'Checks the table and the queues: 200 when all answer, 503 otherwise',
        tags: ['platform'],
        schemas: { responses: { 200: Health, 503: Health } },
      },
      {
        method: 'GET',
        path: '/openapi.json',
        function: 'openapi',
        access: 'public',
        summary: 'This OpenAPI 3.1 document',
        tags: ['platform'],
        schemas: { responses: { 200: null } },
      },
      {
        method: 'GET',
        path: '/v1/whoami',
        function: 'whoami',
        access: 'principal',
        summary: 'The calling principal: tenant, type, id, roles, locations and agent',
        tags: ['identity'],
        schemas: { responses: { 200: WhoAmI } },
      },
      {
        method: 'POST',
        path: '/v1/agents',
        function: 'agentsCreate',
        access: 'maintainer',
        action: 'agent.create',
        summary: 'Registers an agent; the response carries its API key, shown only this once',
        tags: ['agents'],
        schemas: { body: CreateAgent, responses: { 201: AgentWithKey } },
      },
      {
        method: 'GET',
        path: '/v1/agents',
        function: 'agentsList',
        access: 'viewer',
        summary: 'Lists the tenant\'s agents, oldest first',
        tags: ['agents'],
        schemas: { query: PageQuery, responses: { 200: pageOf(Agent) } },
      },
      {
        method: 'GET',
        path: '/v1/agents/{agent_id}',
        function: 'agentsGet',
        access: 'viewer',
        summary: 'Gets one agent',
        tags: ['agents'],
        schemas: { path: AgentPath, responses: { 200: Agent } },
      },
      {
        method: 'PATCH',
        path: '/v1/agents/{agent_id}',
        function: 'agentsUpdate',
        access: 'maintainer',
        action: 'agent.update',
        summary: 'Renames or re-describes an active agent',
        tags: ['agents'],
        schemas: { path: AgentPath, body: UpdateAgent, responses: { 200: Agent } },
      },
      {
        method: 'DELETE',
        path: '/v1/agents/{agent_id}',
        function: 'agentsRevoke',
        access: 'maintainer',
        action: 'agent.revoke',
        summary: 'Revokes the agent: its keys stop working (within the authorizer cache TTL) and its connections close',
        tags: ['agents'],
        schemas: { path: AgentPath, responses: { 204: null } },
      },
      {
        method: 'POST',
        path: '/v1/agents/{agent_id}/keys',
        function: 'agentsRotateKey',
        access: 'maintainer',
        action: 'agent.rotate_key',
        summary: 'Rotates the agent\'s API key; the old key stops working at once or after grace_period_seconds',
        tags: ['agents'],
        schemas: { path: AgentPath, body: RotateAgentKey, responses: { 200: AgentWithKey } },
      },
      {
        method: 'GET',
        path: '/v1/audit',
        function: 'auditList',
        access: 'admin',
        summary: 'The audit log: every mutation attempt, newest first (from, to: ISO times; action: e.g. agent.create)',
        tags: ['audit'],
        schemas: { query: AuditQuery, responses: { 200: pageOf(AuditEntry) } },
      },
    ],
  },

  webSocket: {
    stage: 'prod',
    routes: { $connect: 'wsConnect', $disconnect: 'wsDisconnect', $default: 'wsDefault' },
    idleTimeoutSeconds: 600,
    maxConnectionSeconds: 7200,
  },

  queues: {},

  schedules: {},

  settings: {
    LOG_LEVEL: { description: 'Powertools log level (DEBUG, INFO, WARN, ERROR)', default: 'INFO' },
    JWT_ISSUERS: {
      description:
        'JSON array of trusted token issuers: [{"issuer","audience","jwks_uri"?,"token_use"?}]. The stack adds its Cognito user pool; the twin its local issuer.',
      default: '[]',
    },
    TENANT_CLAIM: { description: 'JWT claim holding the tenant id', default: 'custom:tenant_id' },
    ROLES_CLAIM: { description: 'JWT claim holding the roles (array or comma-separated)', default: 'cognito:groups' },
    LOCATIONS_CLAIM: {
      description: 'JWT claim holding the locations (array or comma-separated); absent means all locations',
      default: 'custom:locations',
    },
    MAX_BODY_BYTES: { description: 'Largest request body a route accepts before answering 413', default: '262144' },
    AUDIT_RETENTION_DAYS: { description: 'Days an audit record is kept before the table expires it', default: '365' },
    RATE_LIMIT_WRITE_PER_MINUTE: {
      description: 'Mutations one principal may make per minute (fixed one-minute windows) before 429 rate_limited',
      default: '120',
    },
  },
} as const satisfies Wiring;

export type WiringDecl = typeof wiring;
export type FunctionName = keyof WiringDecl['functions'];
