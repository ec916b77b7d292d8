import { describe, expect, it } from 'vitest';
import { atLeast, decodeClaims, highestRole, isExpired, resolveSession, signOut, TOKEN_KEY, takeFragmentToken } from './token.ts';

const b64 = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256' })}.${b64(claims)}.c2ln`;
const NOW = Date.parse('2026-12-04T12:00:00Z');
const inSeconds = (s: number) => Math.floor(NOW / 1000) + s;

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('token handling', () => {
  it('reads the claims of a JWT, and nothing from what is not one', () => {
    expect(decodeClaims(jwt({ sub: 'u', 'cognito:groups': ['viewer'], name: 'Zoë' }))).toMatchObject({ sub: 'u', name: 'Zoë' });
    expect(decodeClaims('sck_agentkey')).toBeNull();
    expect(decodeClaims('a.!!!.c')).toBeNull();
    expect(decodeClaims(`a.${b64([1, 2])}.c`)).toBeNull();
  });

  it('takes the id_token out of the fragment and keeps the rest', () => {
    expect(takeFragmentToken('#id_token=abc.def.ghi')).toEqual({ token: 'abc.def.ghi', rest: '' });
    expect(takeFragmentToken('#id_token=t&section=logs')).toEqual({ token: 't', rest: '#section=logs' });
    expect(takeFragmentToken('#section=logs')).toBeNull();
    expect(takeFragmentToken('')).toBeNull();
  });

  it('counts a token expiring within 30 s, or without exp, as expired', () => {
    expect(isExpired({ exp: inSeconds(3600) }, NOW)).toBe(false);
    expect(isExpired({ exp: inSeconds(10) }, NOW)).toBe(true);
    expect(isExpired({ exp: inSeconds(-1) }, NOW)).toBe(true);
    expect(isExpired({}, NOW)).toBe(true);
  });

  it('keeps a fragment token for the tab, replacing the stored one', () => {
    const storage = memoryStorage({ [TOKEN_KEY]: jwt({ sub: 'old', exp: inSeconds(3600) }) });
    const fresh = jwt({ sub: 'new', exp: inSeconds(3600) });
    const session = resolveSession(storage, fresh, NOW);
    expect(session).toMatchObject({ token: fresh, claims: { sub: 'new' } });
    expect(storage.getItem(TOKEN_KEY)).toBe(fresh);
    expect(resolveSession(storage, null, NOW)).toMatchObject({ token: fresh });
  });

  it('sends an expired or unreadable stored token to sign-in, and forgets it', () => {
    const expired = memoryStorage({ [TOKEN_KEY]: jwt({ exp: inSeconds(-60) }) });
    expect(resolveSession(expired, null, NOW)).toEqual({ signedOut: 'expired' });
    expect(expired.items.size).toBe(0);
    const garbage = memoryStorage({ [TOKEN_KEY]: 'not-a-jwt' });
    expect(resolveSession(garbage, null, NOW)).toEqual({ signedOut: 'invalid' });
    expect(resolveSession(memoryStorage(), null, NOW)).toEqual({ signedOut: 'none' });
  });

  it('signing out clears the stored token', () => {
    const storage = memoryStorage({ [TOKEN_KEY]: jwt({ exp: inSeconds(3600) }) });
    signOut(storage);
    expect(resolveSession(storage, null, NOW)).toEqual({ signedOut: 'none' });
  });

  it('ranks roles admin ⊇ maintainer ⊇ viewer', () => {
    expect(highestRole(['viewer', 'admin'])).toBe('admin');
    expect(highestRole(['other'])).toBeNull();
    expect(highestRole(undefined)).toBeNull();
    expect(atLeast('maintainer', 'viewer')).toBe(true);
    expect(atLeast('viewer', 'maintainer')).toBe(false);
    expect(atLeast(null, 'viewer')).toBe(false);
  });
});
