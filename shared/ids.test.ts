import { describe, expect, it } from 'vitest';
import { derivedId, newId } from './ids.ts';

describe('derivedId', () => {
  it('is the same for the same key and time, different for another key, and sorts by time like newId', () => {
    const at = Date.parse('2026-12-04T17:00:00.000Z');
    expect(derivedId('evt', at, 'a')).toBe(derivedId('evt', at, 'a'));
    expect(derivedId('evt', at, 'a')).not.toBe(derivedId('evt', at, 'b'));
    expect(derivedId('evt', at, 'a')).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(derivedId('evt', at, 'a').slice(0, 14)).toBe(newId('evt', at).slice(0, 14));
    expect(derivedId('evt', at + 1, 'a') > derivedId('evt', at, 'z')).toBe(true);
  });
});
