import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import { isSettled, type DeliveryStatus } from './delivery.ts';
import { checkedUrl, newWebhook, overlapEnd, signingSecrets, webhookView } from './webhook.ts';

const now = new Date('2026-01-01T12:00:00.000Z');
const actor = { tenantId: 'acme', principalId: 'alice' };
const registered = (input: Parameters<typeof newWebhook>[2] = { url: 'https://example.com/hook' }) =>
  newWebhook('whk_1', actor, input, input.url, 'whsec_current', now);

describe('registering an endpoint', () => {
  it('is enabled, with no failures, subscribed to what it asked for (each type once) from low priority up by default', () => {
    const webhook = registered({ url: 'https://example.com/hook', event_types: ['submission.scored', 'submission.scored', 'x.y'] });
    expect(webhook).toMatchObject({
      tenantId: 'acme',
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      eventTypes: ['submission.scored', 'x.y'],
      minPriority: 'low',
      createdBy: 'alice',
    });
  });

  it('registered disabled, says who disabled it and when', () => {
    expect(registered({ url: 'https://example.com/hook', enabled: false })).toMatchObject({
      enabled: false,
      disabledReason: 'registered disabled by alice',
      disabledAt: '2026-01-01T12:00:00.000Z',
    });
  });

  it('keeps a public https URL, normalised, and refuses a private or plain-http one with 400 on `url`', () => {
    const cloud = { allowLoopback: false };
    expect(checkedUrl('https://Example.COM/hook', cloud)).toBe('https://example.com/hook');
    for (const url of ['https://10.0.0.1/hook', 'http://example.com/hook', 'https://169.254.169.254/latest']) {
      let refusal: unknown;
      try {
        checkedUrl(url, cloud);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, url).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ status: 400, details: [{ location: 'body', path: 'url' }] });
    }
  });
});

describe('secrets', () => {
  const rotated = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: overlapEnd(300, now) };

  it('signs with the new and the old secret during the overlap, then with the new one only', () => {
    expect(signingSecrets(rotated, new Date('2026-01-01T12:04:59.000Z'))).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(rotated, new Date('2026-01-01T12:05:00.000Z'))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...rotated, previousSecretExpiresAt: overlapEnd(0, now) }, now)).toEqual(['whsec_new']);
  });

  it('are never shown by the endpoint’s view; the overlap’s end is, while it lasts', () => {
    const webhook = { ...registered(), ...rotated };
    const during = webhookView(webhook, now);
    expect(JSON.stringify(during)).not.toContain('whsec_');
    expect(during.previous_secret_expires_at).toBe('2026-01-01T12:05:00.000Z');
    expect(webhookView(webhook, new Date('2026-01-01T13:00:00.000Z')).previous_secret_expires_at).toBeNull();
  });
});

it('never attempts a succeeded, failed or skipped delivery again; a redrive or re-enable may restart the others', () => {
  const statuses: DeliveryStatus[] = ['pending', 'retrying', 'succeeded', 'failed', 'dead_lettered', 'paused', 'skipped'];
  expect(statuses.filter(isSettled)).toEqual(['succeeded', 'failed', 'skipped']);
});
