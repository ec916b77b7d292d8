// npm run openapi: writes the OpenAPI document the `openapi` function serves. Generated at build
// time (not at cold start) because zod's JSON-schema code and every schema would otherwise ride in
// that function's bundle; a test fails when the committed document drifts from the declaration.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/http/openapi.ts';
import { wiring } from './wiring.ts';

export const OPENAPI_FILE = new URL('../functions/http/openapi.json', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(wiring), null, 2)}\n`);
  process.stdout.write(`Wrote ${OPENAPI_FILE.pathname}\n`);
}
