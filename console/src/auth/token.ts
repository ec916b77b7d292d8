// The signed-in user's ID token: where it comes from (the URL fragment on the twin, the code flow in
// the cloud), where it is kept (the tab's sessionStorage) and when it is no longer good. Pure: the
// storage and the clock are given.

export const TOKEN_KEY = 'scorecast.id_token';
/** A token this close to its expiry counts as expired: a request sent with it would race the clock. */
const EXPIRY_MARGIN_SECONDS = 30;

export type Role = 'admin' | 'maintainer' | 'viewer';
const ROLE_ORDER: readonly Role[] = ['viewer', 'maintainer', 'admin'];

export interface Claims {
  sub?: string;
  exp?: number;
  email?: string;
  'cognito:groups'?: string[];
  'custom:tenant_id'?: string;
  [claim: string]: unknown;
}

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The token's claims (unverified: the API verifies; the console only reads expiry and roles), or null if it is no JWT. */
export function decodeClaims(token: string): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

export function isExpired(claims: Claims, nowMs: number): boolean {
  return typeof claims.exp !== 'number' || claims.exp - EXPIRY_MARGIN_SECONDS <= nowMs / 1000;
}

/** The highest role among the token's groups, or null. */
export function highestRole(groups: readonly string[] | undefined): Role | null {
  let best: Role | null = null;
  for (const group of groups ?? []) {
    const index = ROLE_ORDER.indexOf(group as Role);
    if (index >= 0 && (best === null || index > ROLE_ORDER.indexOf(best))) best = group as Role;
  }
  return best;
}

/** Whether `role` includes `needed` (admin ⊇ maintainer ⊇ viewer). */
export const atLeast = (role: Role | null, needed: Role): boolean => role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);

/**
 * The `id_token` in a URL fragment (`#id_token=…&…`) and the fragment without it ('' when nothing
 * else is left), or null when the fragment carries none.
 */
export function takeFragmentToken(hash: string): { token: string; rest: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('id_token');
  if (!token) return null;
  params.delete('id_token');
  const rest = params.toString();
  return { token, rest: rest ? `#${rest}` : '' };
}

export type Session = { token: string; claims: Claims } | { signedOut: 'none' | 'expired' | 'invalid' };

/**
 * The session at page load: a fragment token (when allowed) replaces the stored one; an expired or
 * unreadable token is removed and says so, so the sign-in page can tell the user why.
 */
export function resolveSession(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, fragmentToken: string | null, nowMs: number): Session {
  if (fragmentToken) storage.setItem(TOKEN_KEY, fragmentToken);
  const token = storage.getItem(TOKEN_KEY);
  if (!token) return { signedOut: 'none' };
  const claims = decodeClaims(token);
  if (!claims) {
    storage.removeItem(TOKEN_KEY);
    return { signedOut: 'invalid' };
  }
  if (isExpired(claims, nowMs)) {
    storage.removeItem(TOKEN_KEY);
    return { signedOut: 'expired' };
  }
  return { token, claims };
}

export const signOut = (storage: Pick<Storage, 'removeItem'>): void => storage.removeItem(TOKEN_KEY);
