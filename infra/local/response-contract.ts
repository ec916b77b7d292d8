// The published contract, enforced on the twin in tests: every 2xx JSON body a route answers is
// validated against that route's response schema in the OpenAPI document generated from the same
// declaration (`additionalProperties: false` included), so a view that drifts from what
// /openapi.json promises fails the test that called it instead of a client in the field.
// A route that answers text (CSV, JSON Lines) is held to its declared media types: the content
// type must be one of them, a CSV's header row must be the declared columns, and every JSON line
// must keep the declared line schema.
// Off by default (API Gateway does no such thing); tests turn it on with SCORECAST_CHECK_RESPONSES=1.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { Wiring } from '#shared/contract/declaration.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

/** A problem with a route's answer (for the 500 the gateway then sends), or undefined when it keeps the contract. */
export type ResponseCheck = (routeKey: string, status: number, body: Buffer, contentType?: string) => string | undefined;

/** How one declared text media type is checked: its CSV columns, its JSON lines' validator. */
interface TextCheck {
  columns?: string[];
  line?: ValidateFunction;
}

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

  const textChecks = new Map<string, Map<string, TextCheck>>();

  /** The body's validator; null when the status has no JSON body; 'undeclared' when the route does not list it; 'text' for text media types. */
  const validatorFor = (routeKey: string, status: number): ValidateFunction | null | 'undeclared' | 'text' => {
    const key = `${routeKey} ${status}`;
    if (!validators.has(key) && !textChecks.has(key)) {
      const [method, path] = routeKey.split(' ') as [string, string];
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (!operation) return null; // not a declared route (a fixture's): nothing to hold it to
      const response = operation.responses[String(status)] as { content?: Record<string, Schema> } | undefined;
      if (!response) return 'undeclared';
      const at = `/paths/${pointerSegment(path)}/${method.toLowerCase()}/responses/${status}/content`;
      const content = response.content ?? {};
      if (Object.keys(content).length > 0 && !content['application/json']) {
        const media = new Map<string, TextCheck>();
        for (const [mediaType, declared] of Object.entries(content))
          media.set(mediaType, {
            columns: declared['x-scorecast-columns'] as string[] | undefined,
            line: declared['x-scorecast-line-schema']
              ? ajv.compile({ $ref: `openapi.json#${at}/${pointerSegment(mediaType)}/x-scorecast-line-schema` })
              : undefined,
          });
        textChecks.set(key, media);
      } else validators.set(key, content['application/json'] ? ajv.compile({ $ref: `openapi.json#${at}/application~1json/schema` }) : null);
    }
    return textChecks.has(key) ? 'text' : validators.get(key)!;
  };

  /** A text answer: one of the declared media types, its CSV header, each JSON line. */
  const checkText = (routeKey: string, status: number, body: Buffer, contentType: string | undefined) => {
    const media = textChecks.get(`${routeKey} ${status}`)!;
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const check = media.get(mediaType);
    if (!check) return `${routeKey} answered ${status} as ${contentType ?? 'no content type'}, not one of ${[...media.keys()].join(', ')}`;
    const lines = body.toString('utf8').split(/\r?\n/);
    if (check.columns && lines[0] !== check.columns.join(','))
      return `${routeKey} answered ${status} with the CSV header "${lines[0]}" instead of "${check.columns.join(',')}"`;
    if (!check.line) return undefined;
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return `${routeKey} answered ${status} with line ${i + 1} that is not JSON`;
      }
      if (!check.line(value)) return `${routeKey} answered ${status} with line ${i + 1} its line schema refuses: ${describe(check.line)}`;
    }
    return undefined;
  };

  return (routeKey, status, body, contentType) => {
    if (status < 200 || status > 299) return undefined;
    const validate = validatorFor(routeKey, status);
    if (validate === 'undeclared') return `${routeKey} answered ${status}, a status its declaration does not list`;
    if (validate === 'text') return checkText(routeKey, status, body, contentType);
    if (validate === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return `${routeKey} answered ${status} with a body that is not JSON`;
    }
    if (validate(value)) return undefined;
    return `${routeKey} answered ${status} with a body its response schema in /openapi.json refuses: ${describe(validate)}`;
  };
}

/** The first few problems the last validation found. */
const describe = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '$'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`)
    .join('; ');

/** A JSON pointer segment: `~` and `/` escaped, and `{`/`}` percent-encoded as a URI fragment needs. */
const pointerSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
