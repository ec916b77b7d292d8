// One HTTP route, declared once (shared/routes/<feature>.ts): who may call it, its schemas, what it
// records and limits, and the function that serves it. The handler names its declaration
// (`mutationRoute(agentsRoutes['POST /v1/agents'], …)`) and gets typed inputs from it; the
// deployment (infra/wiring.ts) derives the route and the function from the same value. A feature's
// declarations are plain data over its input schemas: a bundle builds only its own feature's inputs,
// and no response schema (responses are named, shared/routes/responses.ts).
import type { ZodMiniType } from 'zod/mini';
import type { ResponseName } from '#shared/routes/responses.ts';
import type { Access, HttpMethod, RateLimitBucket, RoutePolicy } from './access.ts';
import type { FunctionDecl } from './declaration.ts';
import type { TextResponse } from './text-response.ts';

export interface RouteSchemas {
  body?: ZodMiniType;
  query?: ZodMiniType;
  path?: ZodMiniType;
  /**
   * Success response body, by status code: the name of a JSON schema in shared/routes/responses.ts
   * (documentation and types only: no bundle builds it), text in declared media types, or null (no body published).
   */
  responses?: Partial<Record<number, ResponseName | TextResponse | null>>;
}

/** A route as the stack, the twin and the OpenAPI generator read it (httpRouteOf): its function by name. */
export interface HttpRouteDecl {
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  function: string;
  access: Access;
  /** For role routes: agents may also call it (on their own resources). */
  agents?: boolean;
  summary: string;
  tags?: readonly string[];
  schemas?: RouteSchemas;
  /** Audit action recorded for this mutation, e.g. `agent.create` (required on every non-GET route). */
  action?: string;
  /** false: this mutation is not audited one by one (agent status reports). */
  audit?: boolean;
  /** Per-principal rate-limit bucket. Default: `write` on non-GET routes, none on GET. */
  rateLimit?: RateLimitBucket | 'none';
  /** Honours an `Idempotency-Key` header (scoped to the principal for 24 h). */
  idempotent?: boolean;
}

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** The plumbing's view of one route: who may call it, what it records, which limit it consumes. */
export function routePolicy(
  route: Pick<HttpRouteDecl, 'method' | 'access' | 'agents' | 'action' | 'audit' | 'rateLimit' | 'idempotent'>,
): RoutePolicy {
  const mutation = route.method !== 'GET';
  const bucket = route.rateLimit ?? (mutation ? 'write' : 'none');
  return {
    access: route.access,
    agents: route.agents ?? false,
    ...(mutation && route.audit !== false && route.action ? { action: route.action } : {}),
    ...(bucket === 'none' ? {} : { rateLimit: bucket }),
    ...(route.idempotent ? { idempotent: true } : {}),
  };
}

/** The function serving a route. Defaults: 512 MB, 10 s; its description is the route key and this text. */
export interface RouteFunctionDecl extends Omit<FunctionDecl, 'memoryMb' | 'timeoutSeconds' | 'description'> {
  /** Name of the function in the deployment (its logical id derives from it: never rename a deployed one). */
  name: string;
  /** What it does, after the route key (default: the route's summary). */
  description?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
}

/** A function's memory unless it says otherwise; a route's function also times out after 10 s. */
export const FUNCTION_DEFAULTS = { memoryMb: 512, timeoutSeconds: 10 } as const;

/** What a feature file writes for one route, keyed by `METHOD /path`. */
export interface RouteDecl extends Omit<HttpRouteDecl, 'method' | 'path' | 'function' | 'schemas'> {
  schemas: RouteSchemas & { responses: Partial<Record<number, ResponseName | TextResponse | null>> };
  function: RouteFunctionDecl;
}

export type RouteKey = `${HttpMethod} /${string}`;

/** A declared route: its declaration plus its key, method and path. */
export type DeclaredRoute<K extends RouteKey = RouteKey, D extends RouteDecl = RouteDecl> = D & {
  key: K;
  method: K extends `${infer M extends HttpMethod} ${string}` ? M : HttpMethod;
  path: K extends `${HttpMethod} ${infer P}` ? P : string;
};

/** A feature's routes, each completed with its key, method and path. */
export function declareRoutes<const T extends Record<RouteKey, RouteDecl>>(routes: T): { [K in keyof T & RouteKey]: DeclaredRoute<K, T[K]> } {
  const declared: Record<string, DeclaredRoute> = {};
  for (const [key, decl] of Object.entries(routes) as [RouteKey, RouteDecl][]) {
    const space = key.indexOf(' ');
    declared[key] = { ...decl, key, method: key.slice(0, space) as HttpMethod, path: key.slice(space + 1) } as DeclaredRoute;
  }
  return declared as { [K in keyof T & RouteKey]: DeclaredRoute<K, T[K]> };
}

/** The deployment's view of a declared route (the function by name). */
export function httpRouteOf(route: DeclaredRoute): HttpRouteDecl {
  const { key: _key, function: fn, ...rest } = route;
  return { ...rest, function: fn.name };
}

/** The function serving a declared route, with the defaults filled in. */
export function routeFunctionOf(route: DeclaredRoute): FunctionDecl {
  const { name: _name, description, ...fn } = route.function;
  return {
    ...FUNCTION_DEFAULTS,
    ...fn,
    description: description ? `${route.key}: ${description}` : `${route.key}: ${route.summary}`,
  };
}
