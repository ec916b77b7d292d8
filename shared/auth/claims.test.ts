import { describe, expect, it } from 'vitest';
import { defaultClaimNames, principalFromClaims } from './claims.ts';

describe('principalFromClaims', () => {
  it('reads tenant, subject, roles and locations from Cognito-named claims', () => {
    expect(
      principalFromClaims(
        { sub: 'u1', 'custom:tenant_id': 'acme', 'cognito:groups': ['maintainer', 'not-a-role'], 'custom:locations': 'paris, lyon' },
        defaultClaimNames,
      ),
    ).toEqual({
      tenantId: 'acme',
      principalType: 'user',
      principalId: 'u1',
      roles: ['maintainer'],
      locations: ['paris', 'lyon'],
      agentId: null,
    });
  });

  it('treats a missing locations claim as every location', () => {
    const principal = principalFromClaims({ sub: 'u1', 'custom:tenant_id': 'acme' }, defaultClaimNames);
    expect(principal).toMatchObject({ locations: null, roles: [] });
  });

  it('honours configured claim names', () => {
    const names = { tenant: 'org', roles: 'groups', locations: 'sites' };
    expect(principalFromClaims({ sub: 's', org: 'o1', groups: 'admin viewer', sites: ['x'] }, names)).toMatchObject({
      tenantId: 'o1',
      roles: ['admin', 'viewer'],
      locations: ['x'],
    });
  });

  it('refuses tokens without a usable tenant or subject', () => {
    expect(principalFromClaims({ sub: 'u1' }, defaultClaimNames)).toBe('the token carries no valid tenant');
    expect(principalFromClaims({ sub: 'u1', 'custom:tenant_id': 'a/b' }, defaultClaimNames)).toBe('the token carries no valid tenant');
    expect(principalFromClaims({ 'custom:tenant_id': 'acme' }, defaultClaimNames)).toBe('the token carries no subject');
  });
});
