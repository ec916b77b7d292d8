import { describe, expect, it } from 'vitest';
import { auditView, outcomeOf } from './entry.ts';

describe('an audit entry’s outcome', () => {
  it('records a mutation by how it ended: done, denied (401, 403), refused (other 4xx) or failed (5xx)', () => {
    const outcomes = [200, 201, 204, 304, 400, 401, 403, 404, 409, 429, 500, 503].map((status) => [status, outcomeOf(status)]);
    expect(Object.fromEntries(outcomes)).toEqual({
      200: 'succeeded',
      201: 'succeeded',
      204: 'succeeded',
      304: 'succeeded',
      400: 'refused',
      401: 'denied',
      403: 'denied',
      404: 'refused',
      409: 'refused',
      429: 'refused',
      500: 'failed',
      503: 'failed',
    });
  });
});

it('shows who did what to which resource, and how it ended', () => {
  expect(
    auditView({
      auditId: 'aud_1',
      tenantId: 'acme',
      actorType: 'agent',
      actorId: 'agt_1',
      action: 'submission.create',
      resource: 'benchmarks/bm_1/submissions',
      outcome: 'refused',
      status: 429,
      correlationId: 'corr-1',
      time: '2026-01-01T00:00:00.000Z',
    }),
  ).toEqual({
    audit_id: 'aud_1',
    tenant_id: 'acme',
    actor: { type: 'agent', id: 'agt_1' },
    action: 'submission.create',
    resource: 'benchmarks/bm_1/submissions',
    outcome: 'refused',
    status: 429,
    correlation_id: 'corr-1',
    time: '2026-01-01T00:00:00.000Z',
  });
});
