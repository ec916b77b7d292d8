// One HTTP route as the wiring declares it (infra/wiring.ts), and the policy the plumbing enforces
// on it. The deployment hands each function the policies of its own routes in ROUTE_POLICIES (see
// docs/decisions.md, "Route policies travel in the function's environment"), so no function
// bundle imports the declaration or its schemas.
import type { ZodMiniType } from 'zod/mini';
import type { Access, HttpMethod, RateLimitBucket, RoutePolicy } from './access.ts';

export interface RouteSchemas {
  body?: ZodMiniType;
  query?: ZodMiniType;
  path?: ZodMiniType;
  /** Success response body, by status code. */
  responses?: Partial<Record<number, ZodMiniType | null>>;
}

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
export function routePolicy(route: HttpRouteDecl): RoutePolicy {
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
