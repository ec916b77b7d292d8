// The principal a request acts as, and the role rules. Plain TypeScript: no AWS types.
import type { Access, Role } from '#shared/contract/access.ts';

export type { Role };

export interface Principal {
  tenantId: string;
  principalType: 'user' | 'agent';
  principalId: string;
  roles: Role[];
  /** null: every location. */
  locations: string[] | null;
  agentId: string | null;
}

const rank: Record<Role, number> = { viewer: 1, maintainer: 2, admin: 3 };
export const roles = Object.keys(rank) as Role[];

export const isRole = (value: string): value is Role => Object.hasOwn(rank, value);

/** admin ⊇ maintainer ⊇ viewer. */
export function hasRole(principal: Principal, required: Role): boolean {
  return principal.roles.some((role) => rank[role] >= rank[required]);
}

/** May this principal call a route with this access? (Ownership of agents' resources is the domain's to check.) */
export function mayCall(principal: Principal, access: Access, agentsAllowed: boolean): boolean {
  if (access === 'public' || access === 'principal') return true;
  if (access === 'agent') return principal.principalType === 'agent';
  if (principal.principalType === 'agent') return agentsAllowed;
  return hasRole(principal, access);
}

export function toWhoAmI(principal: Principal) {
  return {
    tenant_id: principal.tenantId,
    principal_type: principal.principalType,
    principal_id: principal.principalId,
    roles: principal.roles,
    locations: principal.locations,
    agent_id: principal.agentId,
  };
}
