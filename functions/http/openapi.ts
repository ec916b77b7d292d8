// The OpenAPI 3.1 document generated from the wiring declaration and
// its zod schemas (`npm run openapi`; a test keeps it in step with the declaration). Served as the
// generated JSON text (openapi-serialized.ts): nothing parses it at cold start or stringifies it per request.
import { route } from '#shared/http/route.ts';
import { ok, SerializedJson } from '#shared/http/response.ts';
import { platformRoutes } from '#shared/routes/platform.ts';
import { OPENAPI_JSON } from './openapi-serialized.ts';

const document = new SerializedJson(OPENAPI_JSON);

export const handler = route(platformRoutes['GET /openapi.json'], async () => ok(document, { 'cache-control': 'public, max-age=300' }));
