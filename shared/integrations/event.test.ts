import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import { checkEventType, eventsChannelUpdate, eventView, integrationEvent, platformEvent, webhookPayload, type StoredEvent } from './event.ts';

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

describe('accepting an integration event', () => {
  const input = { source: 'monitoring-system', event_type: 'server_down', severity: 'critical', message: 'down' };

  it('takes its priority from its severity and is sent by the actor; metadata defaults to empty, no dedup key', () => {
    const accepted = integrationEvent('evt_1', { tenantId: 'acme', principalId: 'bot' }, input, 'corr-1', new Date('2026-11-21T12:00:00.000Z'));
    expect(accepted).toMatchObject({
      kind: 'integration',
      type: 'server_down',
      priority: 'critical',
      metadata: {},
      dedupKey: null,
      data: null,
      createdBy: 'bot',
      receivedAt: '2026-11-21T12:00:00.000Z',
    });
  });

  it('refuses with 400 a type that poses as a platform event, whatever its case; other types pass', () => {
    for (const type of ['submission.scored', 'Agent.revoked', 'WEBHOOK.disabled', 'scorecast.anything']) {
      let refusal: unknown;
      try {
        checkEventType(type);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, type).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ status: 400, details: [{ location: 'body', path: 'event_type' }] });
    }
    expect(() => checkEventType('server_down')).not.toThrow();
    expect(() => checkEventType('submissions_backlog')).not.toThrow();
  });
});

describe('what an endpoint receives', () => {
  it('an integration event: its fields under data, never who sent it', () => {
    const payload = webhookPayload({ ...event, metadata: null });
    expect(payload).toEqual({
      type: 'server_down',
      timestamp: '2026-11-21T12:00:00.000Z',
      data: {
        event_id: event.eventId,
        source: 'monitoring-system',
        event_type: 'server_down',
        severity: 'critical',
        priority: 'critical',
        message: event.message,
        metadata: {},
        correlation_id: 'corr-1',
      },
    });
    expect(JSON.stringify(payload)).not.toContain('acme-maintainer');
  });

  it('a platform event: its data with the event id and priority, from source scorecast', () => {
    const scored = platformEvent({
      eventId: 'evt_2',
      tenantId: 'acme',
      type: 'submission.scored',
      priority: 'medium',
      data: { submission_id: 'sub_1', score: 1 },
      correlationId: 'corr-2',
      receivedAt: '2026-11-21T12:00:01.000Z',
    });
    expect(scored).toMatchObject({ kind: 'platform', source: 'scorecast', message: null, metadata: null, createdBy: null });
    expect(webhookPayload(scored)).toEqual({
      type: 'submission.scored',
      timestamp: '2026-11-21T12:00:01.000Z',
      data: { submission_id: 'sub_1', score: 1, event_id: 'evt_2', priority: 'medium', correlation_id: 'corr-2' },
    });
  });
});
