// The OpenAPI 3.1 document generated from the wiring declaration and its zod schemas (`npm run
// openapi`; a test keeps it in step with the declaration). Served as the generated JSON text,
// openapi.min.json, a file the function ships beside its bundle (its declared `files`): read once,
// at the first request, and sent as it is. Nothing compiles it at cold start (as a string literal
// in the bundle it cost ~10 ms of every cold start), parses it or stringifies it per request.
// node:fs through process.getBuiltinModule at that request: an ES `import` of it builds the
// module's ESM facade at every cold start (~5 ms, measured).
import { route } from '#shared/http/route.ts';
import { ok, SerializedJson } from '#shared/http/response.ts';
import { platformRoutes } from '#shared/routes/platform.ts';

let document: SerializedJson | undefined;
const openApiDocument = () =>
  (document ??= new SerializedJson(process.getBuiltinModule('node:fs').readFileSync(new URL('./openapi.min.json', import.meta.url), 'utf8')));

export const handler = route(platformRoutes['GET /openapi.json'], async () => ok(openApiDocument(), { 'cache-control': 'public, max-age=300' }));
