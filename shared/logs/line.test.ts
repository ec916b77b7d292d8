import { describe, expect, it } from 'vitest';
import { orderLines } from './line.ts';

describe('orderLines', () => {
  it('gives each line a key that sorts by time, then by its place in the request', () => {
    const ordered = orderLines(
      [
        { ts: '2026-03-01T10:00:05.1Z', level: 'info', message: 'second' },
        { ts: '2026-03-01T10:00:05Z', level: 'info', message: 'first' },
        { ts: '2026-03-01T10:00:05.100Z', level: 'warn', message: 'third' },
      ],
      'log_01',
    );
    const key = (line: (typeof ordered)[number]) => `${line.sortTs}#${line.seq}`;
    expect([...ordered].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((line) => line.message)).toEqual(['first', 'second', 'third']);
    expect(ordered[0]).toMatchObject({ ts: '2026-03-01T10:00:05.1Z', sortTs: '2026-03-01T10:00:05.100000000Z', seq: 'log_01.0000' });
  });
});
