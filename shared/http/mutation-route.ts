// httpRoute for mutations: the same stack plus the per-principal rate limit of the route's
// bucket, an audit record of every authenticated attempt, and Idempotency-Key handling. Kept apart from route.ts so
// read-only functions do not carry the table client.
import type { RateLimitBucket } from '#shared/contract/access.ts';
import { AUDIT_RETENTION_DAYS, RATE_LIMIT_STATUS_PER_MINUTE, RATE_LIMIT_WRITE_PER_MINUTE } from '#shared/contract/settings.ts';
import { outcomeOf } from '#shared/audit/entry.ts';
import { readSettings } from '#shared/config/settings.ts';
import { newId } from '#shared/ids.ts';
import { saveAuditEntry } from '#shared/store/audit.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type IdempotencyScope } from '#shared/store/idempotency.ts';
import { consumeRate } from '#shared/store/rate-limits.ts';
import { createHash } from 'node:crypto';
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from './errors.ts';
import { routePolicy, type DeclaredRoute } from '#shared/contract/routes.ts';
import type { ResultOf } from './response.ts';
import { httpRoute, type IdempotentRequest, type MutationGuards, type RouteRequest } from './route.ts';

/**
 * The guards of one declared mutation, with the settings it needs read now — at cold start, so a
 * missing or malformed one fails the start naming it: the limit of its rate bucket
 * (RATE_LIMIT_<BUCKET>_PER_MINUTE) and, when it is audited, AUDIT_RETENTION_DAYS. The deployment
 * sets exactly these for the function (infra/wiring-env.ts plumbingSettings).
 */
function guardsFor(route: DeclaredRoute): MutationGuards {
  const policy = routePolicy(route);
  const limit = policy.rateLimit ? limitOf[policy.rateLimit]() : undefined;
  const auditRetentionDays = policy.action ? readSettings({ AUDIT_RETENTION_DAYS }).AUDIT_RETENTION_DAYS : undefined;
  return {
    async consume(principal, bucket) {
      if (limit === undefined) throw new AppError('internal', `Route ${route.key} has no rate limit for bucket ${bucket}`);
      const subject = `${principal.tenantId}#${principal.principalType}#${principal.principalId}#${bucket}`;
      const verdict = await consumeRate(subject, limit);
      if (!verdict.allowed)
        throw new AppError(
          'rate_limited',
          `Too many requests: at most ${limit} per minute; retry in ${verdict.retryAfterSeconds} s`,
          { limit, window_seconds: 60 },
          { 'retry-after': String(verdict.retryAfterSeconds) },
        );
    },
    async record(outcome) {
      if (auditRetentionDays === undefined) return;
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
    claim,
    settle,
  };
}

/** Each rate bucket's limit (RATE_LIMIT_<BUCKET>_PER_MINUTE), read when a route of that bucket is built. */
const limitOf: Record<RateLimitBucket, () => number> = {
  write: () => readSettings({ RATE_LIMIT_WRITE_PER_MINUTE }).RATE_LIMIT_WRITE_PER_MINUTE,
  status: () => readSettings({ RATE_LIMIT_STATUS_PER_MINUTE }).RATE_LIMIT_STATUS_PER_MINUTE,
};

const claim: MutationGuards['claim'] = async (principal, key, request) => {
  const claimed = await claimIdempotencyKey(scopeOf(principal, key), fingerprint(request));
  if (claimed.kind === 'replay') return { status: claimed.status, body: claimed.body };
  if (claimed.kind === 'mismatch') throw new AppError('conflict', 'This Idempotency-Key was used for a different request in the last 24 h');
  if (claimed.kind === 'in_progress') throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly');
  return undefined;
};

const settle: MutationGuards['settle'] = async (principal, key, response) => {
  // 4xx and 5xx are not remembered: the client's retry (perhaps corrected) runs anew.
  if (response.status < 400) await completeIdempotencyKey(scopeOf(principal, key), response.status, response.body);
  else await releaseIdempotencyKey(scopeOf(principal, key));
};

/** The stored form of what makes two requests "the same" (route, path and body). */
const fingerprint = (request: IdempotentRequest): string =>
  createHash('sha256')
    .update(`${request.routeKey}\n${request.rawPath}\n${request.body ?? ''}`)
    .digest('hex');

const scopeOf = (principal: Principal, key: string): IdempotencyScope => ({
  tenantId: principal.tenantId,
  principalId: principal.principalId,
  keyHash: createHash('sha256').update(key).digest('hex'),
});

/** A mutation's handler: `mutationRoute(agentsRoutes['POST /v1/agents'], async ({ body, principal }) => …)`. */
export function mutationRoute<const D extends DeclaredRoute>(declaration: D, handle: (request: RouteRequest<D>) => Promise<ResultOf<D>>) {
  return httpRoute(declaration, handle, guardsFor(declaration));
}
