import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, windowAt } from './fixed-window.ts';

describe('fixed windows', () => {
  const minute = 60;
  const at = (iso: string) => Date.parse(iso);

  it('counts every request of one clock minute in the same window, and the next minute in a new one', () => {
    const first = windowAt(at('2026-01-01T00:00:00.000Z'), minute);
    expect(windowAt(at('2026-01-01T00:00:59.999Z'), minute)).toEqual(first);
    const next = windowAt(at('2026-01-01T00:01:00.000Z'), minute);
    expect(next.id).toBe(first.id + 1);
    expect(first.endsAt).toBe(at('2026-01-01T00:01:00.000Z'));
  });

  it('tells a refused caller to come back when the window closes, in whole seconds, never 0', () => {
    const window = windowAt(at('2026-01-01T00:00:10.000Z'), minute);
    expect(retryAfterSeconds(at('2026-01-01T00:00:10.000Z'), window)).toBe(50);
    expect(retryAfterSeconds(at('2026-01-01T00:00:58.200Z'), window)).toBe(2);
    expect(retryAfterSeconds(at('2026-01-01T00:00:59.999Z'), window)).toBe(1);
  });
});
