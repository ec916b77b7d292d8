import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/auth/principal.ts';
import { isChannel, mayWatch, parseChannel, viewFor, viewKey, type ChannelKind } from './channels.ts';

const user = (roles: Principal['roles'], locations: string[] | null = null): Principal => ({
  tenantId: 'acme',
  principalType: 'user',
  principalId: 'u1',
  roles,
  locations,
  agentId: null,
});
const agent: Principal = { tenantId: 'acme', principalType: 'agent', principalId: 'agt_1', roles: [], locations: null, agentId: 'agt_1' };

describe('parseChannel', () => {
  it('reads the four kinds of channel', () => {
    expect(parseChannel('leaderboard:bm_01ABC')).toEqual({ kind: 'leaderboard', name: 'leaderboard:bm_01ABC', benchmarkId: 'bm_01ABC' });
    expect(parseChannel('submission:sub_9')).toEqual({ kind: 'submission', name: 'submission:sub_9', submissionId: 'sub_9' });
    expect(parseChannel('monitoring')).toEqual({ kind: 'monitoring', name: 'monitoring' });
    expect(parseChannel('events')).toEqual({ kind: 'events', name: 'events' });
  });

  it('tells an unknown channel from a malformed one', () => {
    expect(parseChannel('chat:general')).toMatchObject({ code: 'unknown_channel' });
    expect(parseChannel('leaderboards')).toMatchObject({ code: 'unknown_channel' });
    expect(parseChannel(undefined)).toMatchObject({ code: 'validation_failed' });
    expect(parseChannel('')).toMatchObject({ code: 'validation_failed' });
    expect(parseChannel('leaderboard:')).toMatchObject({ code: 'validation_failed' });
    expect(parseChannel('submission:a/b')).toMatchObject({ code: 'validation_failed' });
    expect(parseChannel('leaderboard:bm_1:extra')).toMatchObject({ code: 'validation_failed' });
    expect(parseChannel(`leaderboard:${'x'.repeat(65)}`)).toMatchObject({ code: 'validation_failed' });
    expect(isChannel(parseChannel('events'))).toBe(true);
    expect(isChannel(parseChannel('nope'))).toBe(false);
  });

  it('quotes at most 64 characters of what it did not understand', () => {
    const problem = parseChannel(`x${'y'.repeat(200)}`) as { message: string };
    expect(problem.message.length).toBeLessThan(200);
  });
});

describe('mayWatch', () => {
  const kinds: ChannelKind[] = ['leaderboard', 'submission', 'monitoring', 'events'];

  it('lets viewers and above watch every kind', () => {
    for (const roles of [['viewer'], ['maintainer'], ['admin']] as const)
      for (const kind of kinds) expect(mayWatch(user([...roles]), kind)).toBe(true);
  });

  it('refuses a user without a role', () => {
    for (const kind of kinds) expect(mayWatch(user([]), kind)).toBe(false);
  });

  it('lets agents watch leaderboards and submissions (their own: checked against the table), not monitoring or events', () => {
    expect(kinds.filter((kind) => mayWatch(agent, kind))).toEqual(['leaderboard', 'submission']);
  });
});

describe('viewFor', () => {
  const summary = { kind: 'summary', type: 'monitoring.summary', by_location: { paris: { online: 3 }, lyon: { online: 1 }, nice: { busy: 2 } } };

  it('gives a subscriber with every location the data as it is', () => {
    expect(viewFor(summary, null)).toBe(summary);
  });

  it('narrows by_location to the locations the subscriber sees', () => {
    expect(viewFor(summary, ['paris', 'nice', 'oslo'])).toEqual({ ...summary, by_location: { paris: { online: 3 }, nice: { busy: 2 } } });
    expect(viewFor(summary, [])).toEqual({ ...summary, by_location: {} });
  });

  it('withholds data about one location the subscriber cannot see, keeping kind and type', () => {
    const event = { kind: 'event', type: 'agent.status_changed', agent_id: 'agt_1', location: 'lyon', status: 'error' };
    expect(viewFor(event, ['paris'])).toEqual({ kind: 'event', type: 'agent.status_changed', withheld: true });
    expect(viewFor(event, ['lyon'])).toBe(event);
  });

  it('leaves data without locations alone', () => {
    const data = { kind: 'entry', score: 1 };
    expect(viewFor(data, ['paris'])).toBe(data);
  });
});

describe('viewKey', () => {
  it('is one key per distinct set of locations', () => {
    expect(viewKey(null)).toBe('*');
    expect(viewKey(['lyon', 'paris'])).toBe(viewKey(['paris', 'lyon', 'paris']));
    expect(viewKey([])).not.toBe(viewKey(null));
  });
});
