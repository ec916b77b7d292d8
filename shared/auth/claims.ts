// Verified JWT claims → principal. Claim names are configurable (TENANT_CLAIM, ROLES_CLAIM,
// LOCATIONS_CLAIM); their defaults are Cognito's, which the twin's local issuer also uses.
import { isRole, type Principal } from './principal.ts';

export interface ClaimNames {
  tenant: string;
  roles: string;
  locations: string;
}

export const defaultClaimNames: ClaimNames = {
  tenant: 'custom:tenant_id',
  roles: 'cognito:groups',
  locations: 'custom:locations',
};

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function listClaim(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(/[,\s]+/)
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}

/** A principal, or the reason the claims cannot make one. */
export function principalFromClaims(claims: Record<string, unknown>, names: ClaimNames): Principal | string {
  const tenant = claims[names.tenant];
  if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) return 'the token carries no valid tenant';
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') return 'the token carries no subject';
  const locations = listClaim(claims[names.locations]);
  return {
    tenantId: tenant,
    principalType: 'user',
    principalId: sub,
    roles: (listClaim(claims[names.roles]) ?? []).filter(isRole),
    locations: locations === undefined ? null : locations,
    agentId: null,
  };
}
