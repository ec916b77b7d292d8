import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalIssuer, type LocalIssuer } from '#infra/local/issuer.ts';

let issuer: LocalIssuer;
let handler: (event: unknown) => Promise<any>;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  vi.stubEnv('JWT_ISSUERS', JSON.stringify([{ issuer: issuer.issuer, audience: issuer.audience }]));
  vi.stubEnv('WS_TOKEN_PARAMETER', 'token');
  ({ handler } = (await import('./authorizer.ts')) as never);
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
});
