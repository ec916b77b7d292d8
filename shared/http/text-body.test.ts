// A route that answers text (CSV, JSON Lines) instead of JSON: typed from its declaration, rendered
// with its media type, published in OpenAPI with each media type.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpEvent, lambdaContext, userContext } from '../../test/support/lambda.ts';
import { declareRoutes, httpRouteOf } from '#shared/contract/routes.ts';
import { textResponse } from '#shared/contract/text-response.ts';
import type { route as Route } from './route.ts';
import { openApiDocument } from './openapi.ts';
import { ok, render } from './response.ts';
import { textBody } from './text-body.ts';

let route: typeof Route;

beforeAll(async () => {
  vi.stubEnv('MAX_BODY_BYTES', '64');
  ({ route } = await import('./route.ts'));
});

const routes = declareRoutes({
  'GET /rows': {
    access: 'viewer',
    summary: 'rows',
    schemas: {
      query: z.object({ format: z.enum(['csv', 'jsonl']) }),
      responses: {
        200: textResponse({
          'text/csv': { description: 'one row per thing', columns: ['id', 'n'] },
          'application/x-ndjson': { description: 'one JSON object per line', lineSchema: 'SubmissionExportRow' },
        }),
      },
    },
    function: { name: 'rows', entry: 'rows.ts' },
  },
});

describe('text bodies', () => {
  it('renders a TextBody as it is, with its media type and UTF-8, headers kept', () => {
    const res = render({ status: 200, body: textBody('text/csv', 'id,n\r\nä,1\r\n'), headers: { link: '<x>; rel="next"' } }, 'c-1');
    expect(res).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', link: '<x>; rel="next"', 'x-correlation-id': 'c-1' },
      body: 'id,n\r\nä,1\r\n',
    });
  });

  it('serves a declared text route through the stack: the handler picks one of the declared media types', async () => {
    const handler = route(routes['GET /rows'], async ({ query }) =>
      query.format === 'csv' ? ok(textBody('text/csv', 'id,n\r\na,1\r\n')) : ok(textBody('application/x-ndjson', '{"id":"a","n":1}\n')),
    );
    const event = (format: string) => httpEvent({ routeKey: 'GET /rows', query: { format }, authorizer: userContext('viewer') });
    const csv = (await handler(event('csv') as never, lambdaContext())) as { statusCode: number; headers: Record<string, string>; body: string };
    expect([csv.statusCode, csv.headers['content-type'], csv.body]).toEqual([200, 'text/csv; charset=utf-8', 'id,n\r\na,1\r\n']);
    const lines = (await handler(event('jsonl') as never, lambdaContext())) as { headers: Record<string, string>; body: string };
    expect([lines.headers['content-type'], lines.body]).toEqual(['application/x-ndjson; charset=utf-8', '{"id":"a","n":1}\n']);
    // A bad query is still the JSON error envelope.
    const refused = (await handler(event('xml') as never, lambdaContext())) as { statusCode: number; headers: Record<string, string>; body: string };
    expect([refused.statusCode, refused.headers['content-type']]).toEqual([400, 'application/json; charset=utf-8']);
    expect(JSON.parse(refused.body).error.code).toBe('validation_failed');
  });

  it('types the answer from the declaration: an undeclared media type or a JSON body does not compile', () => {
    // @ts-expect-error text/html is not one of the route's media types
    route(routes['GET /rows'], async () => ok(textBody('text/html', '<p>')));
    // @ts-expect-error the route answers text, not JSON
    route(routes['GET /rows'], async () => ok({ id: 'a', n: 1 }));
  });

  it('publishes each media type in OpenAPI: a string body, the CSV columns, the JSON line schema (by its name)', () => {
    const document = openApiDocument({ http: { routes: [httpRouteOf(routes['GET /rows'])] } } as never);
    const content = (document.paths['/rows']!.get as { responses: Record<string, { content: Record<string, Record<string, unknown>> }> }).responses[
      '200'
    ]!.content;
    expect(Object.keys(content)).toEqual(['text/csv', 'application/x-ndjson']);
    expect(content['text/csv']).toEqual({ schema: { type: 'string', description: 'one row per thing' }, 'x-scorecast-columns': ['id', 'n'] });
    expect(content['application/x-ndjson']!['x-scorecast-line-schema']).toMatchObject({
      type: 'object',
      properties: { submission_id: { type: 'string' }, version: { type: 'number' } },
      required: expect.arrayContaining(['submission_id', 'version']),
    });
  });
});
