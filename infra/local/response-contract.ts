// The published contract, enforced on the twin in tests: every 2xx JSON body a route answers is
// validated against that route's response schema in the OpenAPI document generated from the same
// declaration (`additionalProperties: false` included), so a view that drifts from what
// /openapi.json promises fails the test that called it instead of a client in the field.
// Off by default (API Gateway does no such thing); tests turn it on with SCORECAST_CHECK_RESPONSES=1.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { Wiring } from '#shared/contract/declaration.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

/** A problem with a route's answer (for the 500 the gateway then sends), or undefined when it keeps the contract. */
export type ResponseCheck = (routeKey: string, status: number, body: Buffer) => string | undefined;

type Schema = Record<string, unknown>;

// ajv-formats is CommonJS with a default export; under NodeNext its namespace carries it.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

export function responseCheckFromEnv(wiring: Wiring): ResponseCheck | undefined {
  return process.env.SCORECAST_CHECK_RESPONSES === '1' ? openApiResponseCheck(wiring) : undefined;
}

export function openApiResponseCheck(wiring: Wiring): ResponseCheck {
  return documentResponseCheck(openApiDocument(wiring));
}

/** The same check against a given OpenAPI document (a test holds answers to the one the twin serves). */
export function documentResponseCheck(openApi: unknown): ResponseCheck {
  const document = openApi as { paths: Record<string, Record<string, { responses: Record<string, Schema> }>> };
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema(document, 'openapi.json');
  const validators = new Map<string, ValidateFunction | null>();

  /** The body's validator; null when the status has no JSON body; 'undeclared' when the route does not list it. */
  const validatorFor = (routeKey: string, status: number): ValidateFunction | null | 'undeclared' => {
    const key = `${routeKey} ${status}`;
    if (!validators.has(key)) {
      const [method, path] = routeKey.split(' ') as [string, string];
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (!operation) return null; // not a declared route (a fixture's): nothing to hold it to
      const response = operation.responses[String(status)] as { content?: Record<string, unknown> } | undefined;
      if (!response) return 'undeclared';
      const pointer = `/paths/${pointerSegment(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      validators.set(key, response.content?.['application/json'] ? ajv.compile({ $ref: `openapi.json#${pointer}` }) : null);
    }
    return validators.get(key)!;
  };

  return (routeKey, status, body) => {
    if (status < 200 || status > 299) return undefined;
    const validate = validatorFor(routeKey, status);
    if (validate === 'undeclared') return `${routeKey} answered ${status}, a status its declaration does not list`;
    if (validate === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return `${routeKey} answered ${status} with a body that is not JSON`;
    }
    if (validate(value)) return undefined;
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '$'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
    return `${routeKey} answered ${status} with a body its response schema in /openapi.json refuses: ${problems.join('; ')}`;
  };
}

/** A JSON pointer segment: `~` and `/` escaped, and `{`/`}` percent-encoded as a URI fragment needs. */
const pointerSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
