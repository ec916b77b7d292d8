import { describe, expect, it } from 'vitest';
import type { PlatformEvent } from '#shared/events/publish.ts';
import { channelUpdates, kindOf } from './updates.ts';

const event = (type: PlatformEvent['type'], channels: string[], data: Record<string, unknown> = {}): PlatformEvent => ({
  type,
  tenantId: 'acme',
  channels,
  data,
  correlationId: 'corr-1',
  occurredAt: '2026-11-21T12:00:00.000Z',
});

describe('channelUpdates', () => {
  it('sends a scored submission to its submission, its leaderboard and the tenant’s events', () => {
    const updates = channelUpdates(event('submission.scored', ['submission:sub_1', 'leaderboard:bm_1'], { score: 0.5 }));
    expect(updates.map((u) => [u.channel, u.data.kind])).toEqual([
      ['submission:sub_1', 'status'],
      ['leaderboard:bm_1', 'entry'],
      ['events', 'event'],
    ]);
    for (const u of updates)
      expect(u).toMatchObject({
        tenantId: 'acme',
        type: 'submission.scored',
        correlationId: 'corr-1',
        data: { score: 0.5, type: 'submission.scored' },
      });
  });

  it('streams log lines only on their submission', () => {
    const updates = channelUpdates(event('submission.log', ['submission:sub_1'], { lines: [] }));
    expect(updates.map((u) => [u.channel, u.data.kind])).toEqual([['submission:sub_1', 'log']]);
  });

  it('names each channel once', () => {
    expect(channelUpdates(event('submission.failed', ['submission:s', 'events', 'submission:s'])).map((u) => u.channel)).toEqual([
      'submission:s',
      'events',
    ]);
  });

  it('lets a publisher name the kind, never the type', () => {
    const [update] = channelUpdates(event('agent.status_changed', ['monitoring'], { kind: 'agents', type: 'spoofed' }));
    expect(update!.data).toMatchObject({ kind: 'agents', type: 'agent.status_changed' });
  });
});

describe('kindOf', () => {
  it('follows the contract', () => {
    expect(kindOf('submission:s', 'submission.failed')).toBe('status');
    expect(kindOf('submission:s', 'submission.log')).toBe('log');
    expect(kindOf('leaderboard:b', 'submission.scored')).toBe('entry');
    expect(kindOf('monitoring', 'monitoring.summary')).toBe('summary');
    expect(kindOf('events', 'webhook.disabled')).toBe('event');
  });
});
