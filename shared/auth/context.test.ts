import { describe, expect, it } from 'vitest';
import { decodeAuthentication, encodeAuthentication } from './context.ts';
import { hasRole, mayCall, type Principal } from './principal.ts';

const alice: Principal = {
  tenantId: 't1',
  principalType: 'user',
  principalId: 'alice',
  roles: ['maintainer'],
  locations: ['paris'],
  agentId: null,
};

describe('authorizer context', () => {
  it('round-trips a principal through the flat context API Gateway carries', () => {
    expect(decodeAuthentication(encodeAuthentication({ authenticated: true, principal: alice }))).toEqual({
      authenticated: true,
      principal: alice,
    });
    const everywhere = { ...alice, locations: null };
    expect(decodeAuthentication(encodeAuthentication({ authenticated: true, principal: everywhere }))).toMatchObject({
      principal: { locations: null },
    });
  });

  it('carries the reason for a refusal, and treats missing or partial contexts as unauthenticated', () => {
    expect(decodeAuthentication(encodeAuthentication({ authenticated: false, reason: 'the token has expired' }))).toEqual({
      authenticated: false,
      reason: 'the token has expired',
    });
    expect(decodeAuthentication(undefined).authenticated).toBe(false);
    expect(decodeAuthentication({ authenticated: 'true', tenant_id: 't1' }).authenticated).toBe(false);
  });
});

describe('roles', () => {
  it('orders admin ⊇ maintainer ⊇ viewer', () => {
    expect(hasRole({ ...alice, roles: ['admin'] }, 'viewer')).toBe(true);
    expect(hasRole(alice, 'maintainer')).toBe(true);
    expect(hasRole(alice, 'admin')).toBe(false);
    expect(hasRole({ ...alice, roles: [] }, 'viewer')).toBe(false);
  });

  it('lets agents call role routes only where the route opens them', () => {
    const agent: Principal = { ...alice, principalType: 'agent', roles: [], agentId: 'a1' };
    expect(mayCall(agent, 'viewer', false)).toBe(false);
    expect(mayCall(agent, 'viewer', true)).toBe(true);
    expect(mayCall(agent, 'principal', false)).toBe(true);
  });
});
