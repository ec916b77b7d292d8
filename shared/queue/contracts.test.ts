import { describe, expect, it } from 'vitest';
import { deliveryQueue } from './delivery.ts';
import { monitoringQueue } from './monitoring.ts';
import { scoringQueue } from './scoring.ts';

describe('the scoring queue contract', () => {
  const request = { tenant_id: 'acme', submission_id: 'sub_1', reason: 'submitted' };

  it('takes a request back as it was sent', () => {
    expect(scoringQueue.parse(JSON.parse(JSON.stringify(request)))).toEqual({ ok: true, value: request });
  });

  it('names every field that is wrong', () => {
    const parsed = scoringQueue.parse({ tenant_id: 'acme' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^Not a scoring message: submission_id: .*; reason: /);
    expect(scoringQueue.parse({ ...request, reason: 'because' })).toMatchObject({ ok: false, error: expect.stringMatching(/reason: /) });
    expect(scoringQueue.parse({ ...request, tenant_id: '' })).toMatchObject({ ok: false, error: expect.stringMatching(/tenant_id: /) });
    expect(scoringQueue.parse('text')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not a scoring message: \(body\): /) });
  });
});

describe('the delivery queue contract', () => {
  it('takes deliveries (kind absent in older messages) and replays', () => {
    const deliver = { kind: 'deliver', tenant_id: 'acme', event_id: 'evt_1', webhook_id: 'wh_1' };
    expect(deliveryQueue.parse(deliver)).toEqual({ ok: true, value: deliver });
    expect(deliveryQueue.parse({ tenant_id: 'acme', event_id: 'evt_1', webhook_id: 'wh_1' })).toEqual({ ok: true, value: deliver });
    const replay = { kind: 'replay', tenant_id: 'acme', webhook_id: 'wh_1' };
    expect(deliveryQueue.parse(replay)).toEqual({ ok: true, value: replay });
  });

  it('refuses a delivery without its event and anything else', () => {
    expect(deliveryQueue.parse({ kind: 'deliver', tenant_id: 'acme', webhook_id: 'wh_1' }).ok).toBe(false);
    expect(deliveryQueue.parse({ kind: 'other', tenant_id: 'acme', webhook_id: 'wh_1' }).ok).toBe(false);
    expect(deliveryQueue.parse(null)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not a delivery message: /) });
  });
});

describe('the monitoring queue contract', () => {
  it('takes {tenant_id, generation} and refuses the rest', () => {
    expect(monitoringQueue.parse({ tenant_id: 'acme', generation: 3 })).toEqual({ ok: true, value: { tenant_id: 'acme', generation: 3 } });
    expect(monitoringQueue.parse({ tenant_id: 'acme', generation: '3' })).toMatchObject({ ok: false, error: expect.stringMatching(/generation: /) });
    expect(monitoringQueue.parse({ generation: 3 })).toMatchObject({ ok: false, error: expect.stringMatching(/tenant_id: /) });
  });
});
