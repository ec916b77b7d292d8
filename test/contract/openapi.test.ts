import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { servedDocument } from '#infra/generate-openapi.ts';
import { httpEvent, lambdaContext } from '../support/lambda.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

describe('openApiDocument', () => {
  const doc = openApiDocument(wiring);

  it('documents every declared route, with security exactly on the non-public ones', () => {
    for (const route of wiring.http.routes) {
      const op = (doc.paths[route.path] as Record<string, { security: unknown[]; responses: Record<string, unknown> }>)[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!.security.length > 0).toBe(route.access !== 'public');
      expect('401' in op!.responses).toBe(route.access !== 'public');
    }
  });

  it('renders response schemas from the zod schemas', () => {
    const whoami = (doc.paths['/v1/whoami'] as Record<string, any>).get;
    const schema = whoami.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['tenant_id', 'principal_type', 'roles', 'locations', 'agent_id']));
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object' });
  });
});

describe('the committed OpenAPI document', () => {
  it('is what the declaration generates (run `npm run openapi` after changing routes or schemas)', () => {
    const committed = JSON.parse(readFileSync('functions/http/openapi.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument(wiring))));
  });

  it('is served as the same document serialized once (functions/http/openapi.min.json, written by `npm run openapi`, shipped beside the bundle)', () => {
    const committed = JSON.parse(readFileSync('functions/http/openapi.json', 'utf8'));
    expect(readFileSync('functions/http/openapi.min.json', 'utf8')).toBe(servedDocument(committed));
    expect((wiring as Wiring).functions.openapi?.files).toEqual(['functions/http/openapi.min.json']);
  });
});

describe('the openapi function', () => {
  it('answers the committed document as compact JSON, with its content type, cache-control and the correlation id', async () => {
    vi.stubEnv('MAX_BODY_BYTES', '1024');
    const { handler } = await import('../../functions/http/openapi.ts');
    const response = (await handler(
      httpEvent({ routeKey: 'GET /openapi.json', headers: { 'x-correlation-id': 'corr-doc' } }) as never,
      lambdaContext('openapi'),
    )) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-correlation-id': 'corr-doc',
    });
    expect(response.body).toBe(JSON.stringify(JSON.parse(readFileSync('functions/http/openapi.json', 'utf8'))));
  });
});
