// The HTTP API's route matching, without a server: most specific route first, parameters decoded.
import { describe, expect, it } from 'vitest';
import { parseRequest } from '#infra/local/http-event.ts';
import { compileRoute, findRoute } from '#infra/local/http-routes.ts';
import type { HttpRouteDecl } from '#infra/wiring-types.ts';

const decl = (method: string, path: string) => ({ method, path, function: `${method} ${path}`, access: 'public' }) as unknown as HttpRouteDecl;
const routes = [
  decl('GET', '/v1/items/{id}'),
  decl('GET', '/v1/items/special'),
  decl('ANY', '/v1/items/special'),
  decl('GET', '/v1/files/{path+}'),
  decl('POST', '/v1/items'),
].map(compileRoute);

const find = (method: string, url: string) => {
  const request = parseRequest({ url, method, rawHeaders: [] });
  if (!request) throw new Error(url);
  const match = findRoute(routes, request);
  return match && { key: match.route.key, params: match.params };
};

describe('findRoute', () => {
  it('prefers a literal segment over a parameter, and an exact method over ANY', () => {
    expect(find('GET', '/v1/items/special')).toEqual({ key: 'GET /v1/items/special', params: {} });
    expect(find('DELETE', '/v1/items/special')).toEqual({ key: 'ANY /v1/items/special', params: {} });
    expect(find('GET', '/v1/items/42')).toEqual({ key: 'GET /v1/items/{id}', params: { id: '42' } });
  });

  it('decodes parameters, and a greedy parameter takes the rest of the path', () => {
    expect(find('GET', '/v1/items/a%20b')?.params).toEqual({ id: 'a b' });
    expect(find('GET', '/v1/files/a/b%2Fc')?.params).toEqual({ path: 'a/b/c' });
  });

  it('matches nothing for another method, an empty parameter, or a longer path', () => {
    expect(find('PUT', '/v1/items')).toBeNull();
    expect(find('GET', '/v1/items/')).toBeNull();
    expect(find('GET', '/v1/items/42/more')).toBeNull();
    expect(find('GET', '/v1/files/')).toBeNull();
  });

  it('refuses a greedy parameter that is not last', () => {
    expect(() => compileRoute(decl('GET', '/v1/{rest+}/tail'))).toThrow(/Greedy path variable must be last/);
  });
});
