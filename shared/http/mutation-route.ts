// httpRoute for mutations: the same stack plus the per-principal rate limit of the route's
// bucket and an audit record of every authenticated attempt. Kept apart from route.ts so
// read-only functions do not carry the table client.
import type { RateLimitBucket } from '#infra/wiring-types.ts';
import { outcomeOf } from '#shared/audit/entry.ts';
import { integerEnv } from '#shared/config/env.ts';
import { newId } from '#shared/ids.ts';
import { saveAuditEntry } from '#shared/store/audit.ts';
import { consumeRate } from '#shared/store/rate-limits.ts';
import { AppError } from './errors.ts';
import type { RouteSchemas } from './request.ts';
import type { RouteResult } from './response.ts';
import { httpRoute, type MutationGuards, type RouteRequest } from './route.ts';

const limits: Record<RateLimitBucket, number> = {
  write: integerEnv('RATE_LIMIT_WRITE_PER_MINUTE', 120),
  status: integerEnv('RATE_LIMIT_STATUS_PER_MINUTE', 60),
};
const auditRetentionDays = integerEnv('AUDIT_RETENTION_DAYS', 365);

const guards: MutationGuards = {
  async consume(principal, bucket) {
    const subject = `${principal.tenantId}#${principal.principalType}#${principal.principalId}#${bucket}`;
    const verdict = await consumeRate(subject, limits[bucket]);
    if (!verdict.allowed)
      throw new AppError(
        'rate_limited',
        `Too many requests: at most ${limits[bucket]} per minute; retry in ${verdict.retryAfterSeconds} s`,
        { limit: limits[bucket], window_seconds: 60 },
        { 'retry-after': String(verdict.retryAfterSeconds) },
      );
  },
  async record(outcome) {
    const time = new Date().toISOString();
    await saveAuditEntry(
      {
        auditId: newId('aud'),
        tenantId: outcome.principal.tenantId,
        actorType: outcome.principal.principalType,
        actorId: outcome.principal.principalId,
        action: outcome.action,
        resource: outcome.resource,
        outcome: outcomeOf(outcome.status),
        status: outcome.status,
        correlationId: outcome.correlationId,
        time,
      },
      auditRetentionDays,
    );
  },
};

export function mutationRoute<S extends RouteSchemas>(schemas: S, handle: (request: RouteRequest<S>) => Promise<RouteResult>) {
  return httpRoute(schemas, handle, guards);
}
