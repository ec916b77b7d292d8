import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt, startLocalIssuer, tokenClaims, type LocalIssuer } from '#infra/local/issuer.ts';
import { createTokenVerifier } from '#shared/auth/jwt.ts';

let issuer: LocalIssuer;
let verify: ReturnType<typeof createTokenVerifier>;
const request = { tenant: 't1', roles: ['viewer'] };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  issuer = await startLocalIssuer();
  verify = createTokenVerifier([{ issuer: issuer.issuer, audience: issuer.audience, token_use: 'id' }]);
});
afterAll(() => issuer.close());

describe('createTokenVerifier', () => {
  it('accepts a token from a trusted issuer and returns its claims', async () => {
    const result = await verify(issuer.mint(request));
    expect(result).toMatchObject({ ok: true, claims: { 'custom:tenant_id': 't1', 'cognito:groups': ['viewer'] } });
  });

  it('refuses a token signed by another key, even with the real kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = signJwt(tokenClaims(issuer.issuer, request), privateKey, issuer.kid);
    expect(await verify(forged)).toEqual({ ok: false, reason: 'the token signature is invalid' });
  });

  it('refuses expired tokens, alg:none tokens, other audiences and untrusted issuers', async () => {
    expect(await verify(issuer.mint({ ...request, ttlSeconds: -60 }))).toEqual({ ok: false, reason: 'the token has expired' });

    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: issuer.kid })}.${b64(tokenClaims(issuer.issuer, request))}.`;
    expect((await verify(unsigned)).ok).toBe(false);

    const strict = createTokenVerifier([{ issuer: issuer.issuer, audience: 'another-app' }]);
    expect(await strict(issuer.mint(request))).toEqual({ ok: false, reason: 'the token audience is not accepted' });

    const elsewhere = createTokenVerifier([{ issuer: 'https://elsewhere.example', audience: issuer.audience }]);
    expect(await elsewhere(issuer.mint(request))).toEqual({ ok: false, reason: 'the token issuer is not trusted' });

    expect(await verify('not-a-jwt')).toEqual({ ok: false, reason: 'the token is malformed' });
  });

  it('refuses a token whose token_use is not the configured one', async () => {
    const accessIssuer = await startLocalIssuer();
    try {
      const v = createTokenVerifier([{ issuer: accessIssuer.issuer, audience: accessIssuer.audience, token_use: 'access' }]);
      expect((await v(accessIssuer.mint(request))).ok).toBe(false);
    } finally {
      await accessIssuer.close();
    }
  });

  it('refuses everything when no issuer is configured', async () => {
    expect(await createTokenVerifier([])(issuer.mint(request))).toEqual({ ok: false, reason: 'no token issuer is configured' });
  });

  it('surfaces an unreachable issuer as a failure instead of blaming the token', async () => {
    const down = await startLocalIssuer();
    const token = down.mint(request);
    await down.close();
    const v = createTokenVerifier([{ issuer: down.issuer, audience: down.audience }]);
    await expect(v(token)).rejects.toThrow();
  });
});
