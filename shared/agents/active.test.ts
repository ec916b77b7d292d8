import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '#shared/auth/principal.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
let requireActiveAgent: (actor: Principal) => Promise<void>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table');
  ({ requireActiveAgent } = await import('./active.ts'));
});
beforeEach(() => dynamo.reset());

const agent: Principal = { tenantId: 'acme', principalId: 'agt_1', principalType: 'agent', roles: [], locations: null, agentId: 'agt_1' };
const user: Principal = { ...agent, principalId: 'alice', principalType: 'user', roles: ['maintainer'], agentId: null };

describe('requireActiveAgent', () => {
  it('lets an active agent write, after one consistent read of its agent item', async () => {
    dynamo.on(GetCommand).resolves({ Item: { status: 'active' } });
    await expect(requireActiveAgent(agent)).resolves.toBeUndefined();
    const calls = dynamo.commandCalls(GetCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({ TableName: 'table', Key: { PK: 'TENANT#acme', SK: 'AGENT#agt_1' }, ConsistentRead: true });
  });

  it.each([
    ['revoked', { Item: { status: 'revoked' } }],
    ['gone', {}],
  ])('refuses an agent that is %s with 409 conflict "agent revoked"', async (_, answer) => {
    dynamo.on(GetCommand).resolves(answer);
    await expect(requireActiveAgent(agent)).rejects.toMatchObject({ code: 'conflict', status: 409, message: 'agent revoked' });
  });

  it('refuses an agent principal without an agent id, without reading', async () => {
    await expect(requireActiveAgent({ ...agent, agentId: null })).rejects.toMatchObject({ code: 'conflict' });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('lets users through without reading (their routes check the agent they act on)', async () => {
    await expect(requireActiveAgent(user)).resolves.toBeUndefined();
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
