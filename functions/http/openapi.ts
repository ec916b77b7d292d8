// The OpenAPI 3.1 document generated from the wiring declaration and
// its zod schemas (`npm run openapi`; a test keeps it in step with the declaration).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import document from './openapi.json' with { type: 'json' };
import { platformRoutes } from '#shared/routes/platform.ts';

export const handler = route(platformRoutes['GET /openapi.json'], async () => ok(document, { 'cache-control': 'public, max-age=300' }));
