// Builds the OpenAPI 3.1 document from the wiring declaration: every declared route appears with
// its access, parameters, request body and responses, from the same zod schemas the handlers use
// (inputs) and are typed by (responses, named in shared/routes/responses.ts).
import * as z from 'zod/mini';
import type { HttpRouteDecl, Wiring } from '#shared/contract/declaration.ts';
import { routePolicy } from '#shared/contract/routes.ts';
import { isTextResponse, type TextResponse } from '#shared/contract/text-response.ts';
import { responseSchemas } from '#shared/routes/responses.ts';
import { ErrorEnvelope } from '#shared/schemas/common.ts';
import { statusOf } from './errors.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const toSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function parameters(route: HttpRouteDecl) {
  const params: Record<string, unknown>[] = [];
  const pathSchema = route.schemas?.path ? toSchema(route.schemas.path, 'input') : undefined;
  for (const [, name] of route.path.matchAll(/\{([^}+]+)\+?\}/g)) {
    params.push({ name, in: 'path', required: true, schema: pathSchema?.properties?.[name!] ?? { type: 'string' } });
  }
  if (route.schemas?.query) {
    const query = toSchema(route.schemas.query, 'input');
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      params.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  params.push({
    name: 'x-correlation-id',
    in: 'header',
    required: false,
    description: 'Carried through queues, webhooks and WebSocket messages; generated when absent',
    schema: { type: 'string', maxLength: 128 },
  });
  return params;
}

/** A text response: each media type a string body, with its description, CSV columns and JSON-line schema. */
const textContent = (response: TextResponse) =>
  Object.fromEntries(
    Object.entries(response.media).map(([mediaType, media]) => [
      mediaType,
      {
        schema: { type: 'string', description: media.description },
        ...(media.columns ? { 'x-scorecast-columns': [...media.columns] } : {}),
        ...(media.lineSchema ? { 'x-scorecast-line-schema': toSchema(responseSchemas[media.lineSchema], 'output') } : {}),
      },
    ]),
  );

function responses(route: HttpRouteDecl) {
  const out: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.schemas?.responses ?? { 200: null })) {
    out[status] = isTextResponse(schema)
      ? { description: 'Success', content: textContent(schema) }
      : schema
        ? { description: 'Success', content: { 'application/json': { schema: toSchema(responseSchemas[schema], 'output') } } }
        : { description: Number(status) === 204 ? 'No content' : 'Success' };
  }
  const { body, query, path } = route.schemas ?? {};
  if (body || query || path) out[statusOf.validation_failed] = errorResponse('validation_failed: the request is invalid');
  if (route.access !== 'public') {
    out[statusOf.unauthorized] = errorResponse('unauthorized: missing, invalid or expired credentials');
    out[statusOf.forbidden] = errorResponse('forbidden: the principal may not call this route');
  }
  if (/\{[^}]+\}/.test(route.path)) out[statusOf.not_found] = errorResponse('not_found: no such resource in your tenant');
  if (routePolicy(route).rateLimit) out[statusOf.rate_limited] = errorResponse('rate_limited: over the per-principal limit; see Retry-After');
  if (body) {
    out[statusOf.payload_too_large] = errorResponse('payload_too_large: the body exceeds the documented limit');
    out[statusOf.unsupported_media_type] = errorResponse('unsupported_media_type: send application/json');
  }
  out[statusOf.internal] = errorResponse('internal: our failure; quote the correlation id');
  return out;
}

function operation(route: HttpRouteDecl) {
  const access =
    route.access === 'public'
      ? 'Public.'
      : route.access === 'principal'
        ? 'Any authenticated principal.'
        : route.access === 'agent'
          ? 'Agents only (API key).'
          : `Requires the ${route.access} role${route.agents ? ' (agents may call it on their own resources)' : ''}.`;
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    description: access,
    tags: route.tags ? [...route.tags] : undefined,
    'x-scorecast-access': route.access,
    'x-scorecast-audit-action': routePolicy(route).action,
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    parameters: parameters(route),
    requestBody: route.schemas?.body
      ? { required: true, content: { 'application/json': { schema: toSchema(route.schemas.body, 'input') } } }
      : undefined,
    responses: responses(route),
  };
}

export function openApiDocument(wiring: Wiring) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of wiring.http.routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Scorecast API',
      version: '1',
      description: 'Benchmarking platform for AI agents. JSON with snake_case fields; errors use one envelope.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A JWT from the configured identity provider, or an agent API key (sck_…)',
        },
      },
      schemas: { Error: toSchema(ErrorEnvelope, 'output') },
    },
  };
}
