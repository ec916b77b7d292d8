import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventView, type StoredEvent } from './event.ts';

let eventsChannelUpdate: typeof import('./intake.ts').eventsChannelUpdate;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'table'); // intake.ts loads the store's client, which reads it on import
  ({ eventsChannelUpdate } = await import('./intake.ts'));
});

const event: StoredEvent = {
  eventId: 'evt_01jd0000000000000000000000',
  tenantId: 'acme',
  kind: 'integration',
  type: 'server_down',
  source: 'monitoring-system',
  severity: 'critical',
  priority: 'critical',
  message: 'Production server is not responding',
  metadata: { server_id: 'prod-web-01', region: 'us-east-1' },
  data: null,
  dedupKey: 'prod-web-01/down',
  correlationId: 'corr-1',
  createdBy: 'acme-maintainer',
  receivedAt: '2026-11-21T12:00:00.000Z',
};

describe('eventsChannelUpdate', () => {
  it('puts an accepted integration event on the tenant’s events channel, as the events API shows it', () => {
    const update = eventsChannelUpdate(event);
    expect(update).toEqual({
      tenantId: 'acme',
      channel: 'events',
      type: 'server_down',
      data: { ...eventView(event), kind: 'event', type: 'server_down' },
      correlationId: 'corr-1',
      occurredAt: '2026-11-21T12:00:00.000Z',
    });
    expect(update.data).toMatchObject({
      event_id: event.eventId,
      event_type: 'server_down',
      source: 'monitoring-system',
      severity: 'critical',
      priority: 'critical',
      message: event.message,
      metadata: event.metadata,
      dedup_key: 'prod-web-01/down',
      received_at: event.receivedAt,
    });
  });
});
