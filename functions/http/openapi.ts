// GET /openapi.json (public): the OpenAPI 3.1 document, generated once per container from the
// wiring declaration and its zod schemas.
import { wiring } from '#infra/wiring.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';

const document = openApiDocument(wiring);

export const handler = httpRoute({}, async () => ok(document, { 'cache-control': 'public, max-age=300' }));
