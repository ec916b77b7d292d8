// Credentials → principal: agent API keys (`sck_…`, looked up by hash) and bearer JWTs from the
// trusted issuers. Plain TypeScript: the lookups are handed in.
import { hashApiKey, isApiKey } from '#shared/agents/api-keys.ts';
import { principalFromClaims, type ClaimNames } from './claims.ts';
import type { Authentication } from './context.ts';
import type { VerifiedToken } from './jwt.ts';

export interface Authenticator {
  verifyJwt: (token: string) => Promise<VerifiedToken>;
  claimNames: ClaimNames;
  /** The owner of a live API key with this hash, if any. */
  findApiKey: (hash: string) => Promise<{ tenantId: string; agentId: string } | undefined>;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Reads `Bearer <token>` (the HTTP Authorization header); a bare token is accepted too (WebSocket ?token=). */
export function bearerToken(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = BEARER.exec(value);
  if (match) return match[1];
  return /\s/.test(value.trim()) ? undefined : value.trim();
}

export async function authenticate(credential: string | undefined, auth: Authenticator): Promise<Authentication> {
  const token = bearerToken(credential);
  if (!token) return { authenticated: false, reason: 'credentials must be sent as "Authorization: Bearer <token>"' };
  if (token.startsWith('sck_')) {
    const owner = isApiKey(token) ? await auth.findApiKey(hashApiKey(token)) : undefined;
    if (!owner) return { authenticated: false, reason: 'the API key is not valid (unknown, rotated out or revoked)' };
    return {
      authenticated: true,
      principal: {
        tenantId: owner.tenantId,
        principalType: 'agent',
        principalId: owner.agentId,
        roles: [],
        locations: null,
        agentId: owner.agentId,
      },
    };
  }
  const verified = await auth.verifyJwt(token);
  if (!verified.ok) return { authenticated: false, reason: verified.reason };
  const principal = principalFromClaims(verified.claims, auth.claimNames);
  return typeof principal === 'string' ? { authenticated: false, reason: principal } : { authenticated: true, principal };
}
