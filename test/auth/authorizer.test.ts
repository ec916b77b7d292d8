import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalIssuer, type LocalIssuer } from '#infra/local/issuer.ts';
import { hashApiKey, newApiKey } from '#shared/agents/api-keys.ts';
import { settings } from '#shared/contract/settings.ts';
import { logger } from '#shared/powertools/logger.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

let issuer: LocalIssuer;
let handler: (event: unknown) => Promise<any>;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  vi.stubEnv('JWT_ISSUERS', JSON.stringify([{ issuer: issuer.issuer, audience: issuer.audience }]));
  // Declared settings have no fallback in the code: the environment carries them, from their defaults.
  for (const setting of ['TENANT_CLAIM', 'ROLES_CLAIM', 'LOCATIONS_CLAIM'] as const) vi.stubEnv(setting, settings[setting].default);
  vi.stubEnv('WS_TOKEN_PARAMETER', 'token');
  vi.stubEnv('TABLE_NAME', 'table');
  ({ handler } = (await import('../../functions/authorizer.ts')) as never);
});
afterAll(() => issuer.close());

const httpAuthorizerEvent = (authorization: string) => ({
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:000000000000:api/$default/GET/v1/whoami',
  identitySource: [authorization],
  routeKey: 'GET /v1/whoami',
  headers: { authorization },
  requestContext: {},
});

const wsAuthorizerEvent = (token: string) => ({
  type: 'REQUEST',
  methodArn: 'arn:aws:execute-api:us-east-1:000000000000:ws/prod/$connect',
  queryStringParameters: { token },
  headers: {},
  requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'c1' },
});

describe('authorizer', () => {
  it('allows HTTP requests with the principal in the context', async () => {
    const token = issuer.mint({ tenant: 't1', roles: ['admin'], sub: 'alice' });
    expect(await handler(httpAuthorizerEvent(`Bearer ${token}`))).toEqual({
      isAuthorized: true,
      context: expect.objectContaining({ authenticated: true, tenant_id: 't1', principal_id: 'alice', roles: 'admin' }),
    });
  });

  it('allows bad HTTP credentials through as unauthenticated with a reason, never the token', async () => {
    const result = await handler(httpAuthorizerEvent('Bearer nonsense.token.here'));
    expect(result.isAuthorized).toBe(true);
    expect(result.context).toEqual({ authenticated: false, reason: 'the token is malformed' });
    expect(JSON.stringify(result)).not.toContain('nonsense');
    expect((await handler(httpAuthorizerEvent('Basic dXNlcjpwYXNz'))).context.authenticated).toBe(false);
  });

  it('answers WebSocket $connect with an IAM policy: Allow for a valid token, Deny otherwise', async () => {
    const allowed = await handler(wsAuthorizerEvent(issuer.mint({ tenant: 't1', roles: ['viewer'], sub: 'bob' })));
    expect(allowed.principalId).toBe('bob');
    expect(allowed.policyDocument.Statement[0]).toEqual({
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      Resource: 'arn:aws:execute-api:us-east-1:000000000000:ws/prod/$connect',
    });
    expect(allowed.context).toMatchObject({ tenant_id: 't1', principal_type: 'user' });
    const denied = await handler(wsAuthorizerEvent(issuer.mint({ tenant: 't1', roles: ['viewer'], ttlSeconds: -5 })));
    expect(denied.policyDocument.Statement[0].Effect).toBe('Deny');
  });

  it('logs a refused WebSocket connect as refused, with the reason, and an allowed one as authorised', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      await handler(wsAuthorizerEvent('nonsense.token.here'));
      expect(info).toHaveBeenLastCalledWith('WebSocket connect refused: the token is malformed', {
        authenticated: false,
        reason: 'the token is malformed',
      });
      await handler(wsAuthorizerEvent(issuer.mint({ tenant: 't1', roles: ['viewer'], sub: 'bob' })));
      expect(info).toHaveBeenLastCalledWith('WebSocket connect authorised', { authenticated: true, tenant_id: 't1', principal_id: 'bob' });
      expect(
        info.mock.calls
          .flat()
          .map((arg) => JSON.stringify(arg))
          .join(' '),
      ).not.toContain('nonsense');
    } finally {
      info.mockRestore();
    }
  });

  it('authenticates a live agent API key by its hash in one read, as the agent', async () => {
    const { key, hash } = newApiKey();
    dynamo.reset();
    dynamo.on(GetCommand, { Key: { PK: `APIKEY#${hash}`, SK: 'APIKEY' } }).resolves({ Item: { tenant_id: 't1', agent_id: 'agt_1' } });
    const result = await handler(httpAuthorizerEvent(`Bearer ${key}`));
    expect(result.context).toMatchObject({
      authenticated: true,
      tenant_id: 't1',
      principal_type: 'agent',
      principal_id: 'agt_1',
      agent_id: 'agt_1',
      roles: '',
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    expect(JSON.stringify(dynamo.commandCalls(GetCommand)[0]!.args[0].input)).not.toContain(key);
  });

  it('refuses unknown and expired keys', async () => {
    const { key, hash } = newApiKey();
    dynamo.reset();
    dynamo.on(GetCommand).resolves({});
    expect((await handler(httpAuthorizerEvent(`Bearer ${key}`))).context.authenticated).toBe(false);
    dynamo.on(GetCommand).resolves({ Item: { tenant_id: 't1', agent_id: 'a', expires_at: Math.floor(Date.now() / 1000) - 1 } });
    expect((await handler(httpAuthorizerEvent(`Bearer ${key}`))).context.authenticated).toBe(false);
    expect(hashApiKey(key)).toBe(hash);
  });
});
