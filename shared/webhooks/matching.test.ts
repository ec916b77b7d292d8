import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_PATTERN, matchesType, subscribes } from './matching.ts';

describe('matchesType', () => {
  it('takes every type when the list is empty or holds *', () => {
    expect(matchesType([], 'server_down')).toBe(true);
    expect(matchesType(['*'], 'submission.scored')).toBe(true);
  });

  it('matches exact names only exactly', () => {
    expect(matchesType(['server_down'], 'server_down')).toBe(true);
    expect(matchesType(['server_down'], 'server_down_again')).toBe(false);
    expect(matchesType(['submission.scored'], 'submission.failed')).toBe(false);
  });

  it('matches prefix.* at any depth below the prefix, never the prefix itself or a longer word', () => {
    expect(matchesType(['submission.*'], 'submission.scored')).toBe(true);
    expect(matchesType(['submission.*'], 'submission.review.done')).toBe(true);
    expect(matchesType(['submission.*'], 'submission')).toBe(false);
    expect(matchesType(['submission.*'], 'submissions.scored')).toBe(false);
    expect(matchesType(['a.b.*'], 'a.b.c')).toBe(true);
    expect(matchesType(['a.b.*'], 'a.c')).toBe(false);
  });

  it('matches when any pattern does', () => {
    expect(matchesType(['deploy.*', 'server_down'], 'server_down')).toBe(true);
    expect(matchesType(['deploy.*', 'server_down'], 'deploy.started')).toBe(true);
    expect(matchesType(['deploy.*', 'server_down'], 'disk_full')).toBe(false);
  });
});

describe('EVENT_TYPE_PATTERN', () => {
  it('accepts names, prefix.* and *; refuses wildcards elsewhere and empty segments', () => {
    for (const ok of ['server_down', 'submission.scored', 'submission.*', '*', 'a-b:c.d']) expect(EVENT_TYPE_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', 'sub*', '*.scored', 'a..b', 'a.', '.a', 'a.*.b', 'a b', 'a.**']) expect(EVENT_TYPE_PATTERN.test(bad), bad).toBe(false);
  });
});

describe('subscribes', () => {
  it('needs the type to match and the priority to reach the minimum', () => {
    const endpoint = { eventTypes: ['deploy.*', 'server_down'], minPriority: 'high' as const };
    expect(subscribes(endpoint, { type: 'server_down', priority: 'critical' })).toBe(true);
    expect(subscribes(endpoint, { type: 'server_down', priority: 'medium' })).toBe(false);
    expect(subscribes({ eventTypes: [], minPriority: 'low' }, { type: 'anything', priority: 'low' })).toBe(true);
  });
});
