// Credentials → principal. Today: bearer JWTs from the trusted issuers.
import { principalFromClaims, type ClaimNames } from './claims.ts';
import type { Authentication } from './context.ts';
import type { VerifiedToken } from './jwt.ts';

export interface Authenticator {
  verifyJwt: (token: string) => Promise<VerifiedToken>;
  claimNames: ClaimNames;
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
  const verified = await auth.verifyJwt(token);
  if (!verified.ok) return { authenticated: false, reason: verified.reason };
  const principal = principalFromClaims(verified.claims, auth.claimNames);
  return typeof principal === 'string' ? { authenticated: false, reason: principal } : { authenticated: true, principal };
}
