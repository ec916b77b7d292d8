import { describe, expect, it } from 'vitest';
import { priorityOfPlatformEvent, priorityOfSeverity, reaches } from './priority.ts';

describe('priorityOfSeverity (seed 002)', () => {
  it.each([
    ['critical', 'critical'],
    ['FATAL', 'critical'],
    [' Emergency ', 'critical'],
    ['high', 'high'],
    ['Error', 'high'],
    ['medium', 'medium'],
    ['WARNING', 'medium'],
    ['warn', 'medium'],
    ['info', 'low'],
    ['debug', 'low'],
    ['', 'low'],
    ['critical!', 'low'],
    ['constructor', 'low'],
  ])('%j → %s', (severity, priority) => {
    expect(priorityOfSeverity(severity)).toBe(priority);
  });
});

describe('priorityOfPlatformEvent (fixed)', () => {
  it('makes failures and disabled endpoints high, an agent in error medium, the rest low', () => {
    expect(priorityOfPlatformEvent('submission.failed', {})).toBe('high');
    expect(priorityOfPlatformEvent('webhook.disabled', {})).toBe('high');
    expect(priorityOfPlatformEvent('agent.status_changed', { status: 'error' })).toBe('medium');
    expect(priorityOfPlatformEvent('agent.status_changed', { status: 'online' })).toBe('low');
    expect(priorityOfPlatformEvent('submission.scored', { status: 'scored' })).toBe('low');
  });
});

describe('reaches', () => {
  it('orders low < medium < high < critical', () => {
    expect(reaches('critical', 'low')).toBe(true);
    expect(reaches('medium', 'medium')).toBe(true);
    expect(reaches('medium', 'high')).toBe(false);
    expect(reaches('low', 'medium')).toBe(false);
  });
});
