// npm run openapi: writes the OpenAPI document the `openapi` function serves. Generated at build
// time (not at cold start) because zod's JSON-schema code and every schema would otherwise ride in
// that function's bundle; a test fails when the committed document drifts from the declaration.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/http/openapi.ts';
import { wiring } from './wiring.ts';

export const OPENAPI_FILE = new URL('../functions/http/openapi.json', import.meta.url);
/** The same document serialized once, as the `openapi` function ships and sends it (its declared `files`). */
export const OPENAPI_MIN_FILE = new URL('../functions/http/openapi.min.json', import.meta.url);

/** The served text: the document's JSON without indentation, as it is sent. */
export const servedDocument = (document: unknown) => JSON.stringify(document);

if (import.meta.url === `file://${process.argv[1]}`) {
  const document = openApiDocument(wiring);
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(OPENAPI_MIN_FILE, servedDocument(document));
  process.stdout.write(`Wrote ${OPENAPI_FILE.pathname} and ${OPENAPI_MIN_FILE.pathname}\n`);
}
