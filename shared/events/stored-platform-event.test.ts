import { describe, expect, it } from 'vitest';
import type { PlatformEvent } from './publish.ts';
import { platformEventId, storedPlatformEvent } from './stored-platform-event.ts';

const scored: PlatformEvent = {
  type: 'submission.scored',
  tenantId: 'acme',
  channels: ['submission:sub_1'],
  data: { submission_id: 'sub_1', score: 1 },
  correlationId: 'corr-1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  key: 'sub_1@2026-01-01T00:00:00.000Z',
};

describe('a platform event’s id', () => {
  it('is the same every time the same change is published, whenever and by whom: a repeat reaches an endpoint under the same webhook-id', () => {
    const first = platformEventId(scored, new Date('2026-01-01T00:00:01.000Z'));
    const retried = platformEventId({ ...scored, correlationId: 'corr-retry' }, new Date('2026-01-02T00:00:00.000Z'));
    expect(retried).toBe(first);
    expect(first).toMatch(/^evt_/);
  });

  it('differs for another change, another tenant or another type', () => {
    const id = platformEventId(scored);
    expect(platformEventId({ ...scored, key: 'sub_1@2026-01-01T00:00:05.000Z' })).not.toBe(id);
    expect(platformEventId({ ...scored, tenantId: 'other' })).not.toBe(id);
    expect(platformEventId({ ...scored, type: 'submission.failed' })).not.toBe(id);
  });

  it('sorts by when the change happened', () => {
    const earlier = platformEventId({ ...scored, key: 'sub_2@…', occurredAt: '2025-12-31T23:59:59.000Z' });
    expect(earlier < platformEventId(scored)).toBe(true);
  });

  it('is fresh each time for an unkeyed (best-effort) event', () => {
    const unkeyed = { ...scored, key: undefined };
    expect(platformEventId(unkeyed)).not.toBe(platformEventId(unkeyed));
  });
});

it('is stored as received when it happened, from scorecast, with its priority', () => {
  const failed = storedPlatformEvent({ ...scored, type: 'submission.failed', data: { submission_id: 'sub_1', reason: 'x' } });
  expect(failed).toMatchObject({
    kind: 'platform',
    source: 'scorecast',
    type: 'submission.failed',
    tenantId: 'acme',
    priority: 'high',
    receivedAt: '2026-01-01T00:00:00.000Z',
    data: { submission_id: 'sub_1', reason: 'x' },
    correlationId: 'corr-1',
  });
});
