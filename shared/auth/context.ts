// The authorizer's context: flat string/boolean values, because that is all API Gateway carries
// from an authorizer to the route (and all a WebSocket IAM-policy response may hold).
import { isRole, type Principal } from './principal.ts';

export type AuthContext = Record<string, string | number | boolean>;

export type Authentication = { authenticated: true; principal: Principal } | { authenticated: false; reason: string };

const ALL_LOCATIONS = '*';

export function encodeAuthentication(auth: Authentication): AuthContext {
  if (!auth.authenticated) return { authenticated: false, reason: auth.reason };
  const p = auth.principal;
  return {
    authenticated: true,
    tenant_id: p.tenantId,
    principal_type: p.principalType,
    principal_id: p.principalId,
    roles: p.roles.join(','),
    locations: p.locations === null ? ALL_LOCATIONS : p.locations.join(','),
    agent_id: p.agentId ?? '',
  };
}

/** Reads what the authorizer handed over; anything missing or malformed is unauthenticated. */
export function decodeAuthentication(context: Record<string, unknown> | undefined | null): Authentication {
  if (!context) return { authenticated: false, reason: 'no credentials were verified for this request' };
  const flag = context.authenticated;
  if (flag !== true && flag !== 'true') {
    const reason = typeof context.reason === 'string' && context.reason ? context.reason : 'the credentials are invalid';
    return { authenticated: false, reason };
  }
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
  const list = (key: string) => text(key).split(',').filter(Boolean);
  const principalType = text('principal_type');
  if (!text('tenant_id') || !text('principal_id') || (principalType !== 'user' && principalType !== 'agent'))
    return { authenticated: false, reason: 'the credentials are incomplete' };
  const locations = text('locations');
  return {
    authenticated: true,
    principal: {
      tenantId: text('tenant_id'),
      principalType,
      principalId: text('principal_id'),
      roles: list('roles').filter(isRole),
      locations: locations === ALL_LOCATIONS ? null : list('locations'),
      agentId: text('agent_id') || null,
    },
  };
}
