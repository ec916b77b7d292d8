// The HTTP API's REQUEST authorizer with simple responses: reading the answer and caching it by identity.
import { describe, expect, it } from 'vitest';
import { AuthorizerCache, readSimpleResponse } from '#infra/local/authorizer-cache.ts';

describe('readSimpleResponse', () => {
  it('reads isAuthorized and an object context', () => {
    expect(readSimpleResponse({ isAuthorized: true, context: { sub: 'u-1' } })).toEqual({ isAuthorized: true, context: { sub: 'u-1' } });
    expect(readSimpleResponse({ isAuthorized: false })).toEqual({ isAuthorized: false, context: null });
  });

  it('treats a context that is not an object as none', () => {
    for (const context of [null, 'x', 3, ['a']]) expect(readSimpleResponse({ isAuthorized: true, context })?.context).toBeNull();
  });

  it('refuses anything that is not a simple response', () => {
    for (const result of [null, undefined, 'allow', true, {}, { isAuthorized: 'true' }, { policyDocument: {} }])
      expect(readSimpleResponse(result)).toBeNull();
  });
});

describe('AuthorizerCache', () => {
  const allow = { isAuthorized: true, context: { sub: 'u-1' } };

  it('recalls a decision by identity until its TTL is over', () => {
    const cache = new AuthorizerCache(60_000);
    cache.set('Bearer a', allow, 1_000);
    expect(cache.get('Bearer a', 60_999)).toMatchObject(allow);
    expect(cache.get('Bearer b', 2_000)).toBeUndefined();
    expect(cache.get('Bearer a', 61_000)).toBeUndefined();
    expect(cache.get('Bearer a', 1_000)).toBeUndefined();
  });

  it('caches nothing with a TTL of 0, and forgets everything on clear', () => {
    const none = new AuthorizerCache(0);
    none.set('Bearer a', allow, 0);
    expect(none.get('Bearer a', 0)).toBeUndefined();
    const cache = new AuthorizerCache(60_000);
    cache.set('Bearer a', { isAuthorized: false, context: null }, 0);
    expect(cache.get('Bearer a', 1)).toMatchObject({ isAuthorized: false });
    cache.clear();
    expect(cache.get('Bearer a', 1)).toBeUndefined();
  });
});
