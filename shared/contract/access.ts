// Who may call what, as both the deployment (infra/) and the HTTP plumbing (shared/http/) read it.
// Types and pure helpers only: a function's bundle pays nothing for importing them.

export type Role = 'viewer' | 'maintainer' | 'admin';

/** Who may call an HTTP route. `principal` is any authenticated user or agent; `agent` only agents. */
export type Access = 'public' | 'principal' | 'agent' | Role;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Per-principal rate-limit buckets; each has its own limit setting (RATE_LIMIT_<BUCKET>_PER_MINUTE). */
export type RateLimitBucket = 'write' | 'status';

export const rateLimitSetting = (bucket: RateLimitBucket) => `RATE_LIMIT_${bucket.toUpperCase()}_PER_MINUTE`;

/** What the HTTP plumbing enforces on a route, derived from its declaration (routePolicy). */
export interface RoutePolicy {
  access: Access;
  agents: boolean;
  /** Set on audited mutations. */
  action?: string;
  rateLimit?: RateLimitBucket;
  idempotent?: boolean;
}
