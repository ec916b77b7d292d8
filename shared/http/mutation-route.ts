// httpRoute for mutations: the same stack plus the per-principal rate limit of the route's
// bucket, an audit record of every authenticated attempt, and Idempotency-Key handling. Kept apart from route.ts so
// read-only functions do not carry the table client.
import type { RateLimitBucket } from '#shared/contract/access.ts';
import { outcomeOf } from '#shared/audit/entry.ts';
import { integerEnv } from '#shared/config/env.ts';
import { newId } from '#shared/ids.ts';
import { saveAuditEntry } from '#shared/store/audit.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type IdempotencyScope } from '#shared/store/idempotency.ts';
import { consumeRate } from '#shared/store/rate-limits.ts';
import { createHash } from 'node:crypto';
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from './errors.ts';
import type { DeclaredRoute } from '#shared/contract/routes.ts';
import type { ResultOf } from './response.ts';
import { httpRoute, type MutationGuards, type RouteRequest } from './route.ts';

const limits: Record<RateLimitBucket, number> = {
  write: integerEnv('RATE_LIMIT_WRITE_PER_MINUTE', 120),
  status: integerEnv('RATE_LIMIT_STATUS_PER_MINUTE', 120),
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
  async claim(principal, key, fingerprint) {
    const claim = await claimIdempotencyKey(scopeOf(principal, key), fingerprint);
    if (claim.kind === 'replay') return { status: claim.status, body: claim.body };
    if (claim.kind === 'mismatch') throw new AppError('conflict', 'This Idempotency-Key was used for a different request in the last 24 h');
    if (claim.kind === 'in_progress') throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly');
    return undefined;
  },
  async settle(principal, key, response) {
    // 4xx and 5xx are not remembered: the client's retry (perhaps corrected) runs anew.
    if (response.status < 400) await completeIdempotencyKey(scopeOf(principal, key), response.status, response.body);
    else await releaseIdempotencyKey(scopeOf(principal, key));
  },
};

const scopeOf = (principal: Principal, key: string): IdempotencyScope => ({
  tenantId: principal.tenantId,
  principalId: principal.principalId,
  keyHash: createHash('sha256').update(key).digest('hex'),
});

/** A mutation's handler: `mutationRoute(agentsRoutes['POST /v1/agents'], async ({ body, principal }) => …)`. */
export function mutationRoute<const D extends DeclaredRoute>(declaration: D, handle: (request: RouteRequest<D>) => Promise<ResultOf<D>>) {
  return httpRoute(declaration, handle, guards);
}
