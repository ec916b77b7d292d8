import { describe, expect, it } from 'vitest';
import { DATA_BUDGET_BYTES, jsonBytes, MAX_MESSAGE_BYTES, splitData, truncate } from './split.ts';

const line = (i: number, size = 1000) => ({
  ts: `2026-11-21T12:00:${String(i % 60).padStart(2, '0')}Z`,
  level: 'info',
  message: `${i}:${'x'.repeat(size)}`,
});

describe('splitData', () => {
  it('keeps data that fits as it is, in one part without part numbers', () => {
    const data = { kind: 'log', lines: [line(1), line(2)] };
    expect(splitData(data)).toEqual([data]);
  });

  it('keeps every message within one 32 KB frame, leaving room for the envelope', () => {
    expect(DATA_BUDGET_BYTES).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(MAX_MESSAGE_BYTES).toBe(32 * 1024);
  });

  it('splits on the largest array, in order, every part under the budget and numbered', () => {
    const lines = Array.from({ length: 500 }, (_, i) => line(i, 300));
    const data = { kind: 'log', type: 'submission.log', submission_id: 'sub_1', lines, tags: ['a'] };
    const parts = splitData(data, 8 * 1024);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) {
      expect(jsonBytes(part)).toBeLessThanOrEqual(8 * 1024);
      expect(part).toMatchObject({ kind: 'log', submission_id: 'sub_1', tags: ['a'], parts: parts.length });
    }
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.flatMap((p) => p.lines as unknown[])).toEqual(lines);
  });

  it('truncates an element that alone is too large, and the rest stays whole', () => {
    const lines = [line(1, 10), line(2, 40_000), line(3, 10)];
    const parts = splitData({ kind: 'log', lines });
    for (const part of parts) expect(jsonBytes(part)).toBeLessThanOrEqual(DATA_BUDGET_BYTES);
    const all = parts.flatMap((p) => p.lines as { message: string; truncated?: boolean }[]);
    expect(all).toHaveLength(3);
    expect(all[0]).toEqual(line(1, 10));
    expect(all[1]).toMatchObject({ truncated: true });
    expect(all[1]!.message.endsWith('…')).toBe(true);
    expect(all[2]).toEqual(line(3, 10));
  });

  it('truncates data with nothing to split', () => {
    const [only, ...rest] = splitData({ kind: 'status', failure_reason: 'y'.repeat(100_000) });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'status', truncated: true });
    expect(jsonBytes(only)).toBeLessThanOrEqual(DATA_BUDGET_BYTES);
  });

  it('measures bytes, not characters', () => {
    const parts = splitData({ lines: Array.from({ length: 100 }, () => 'é'.repeat(500)) }, 8 * 1024);
    for (const part of parts) expect(jsonBytes(part)).toBeLessThanOrEqual(8 * 1024);
    expect(parts.flatMap((p) => p.lines as string[])).toHaveLength(100);
  });
});

describe('truncate', () => {
  it('cuts the longest strings first and never leaves half a surrogate pair', () => {
    const value = { a: 'short', b: '😀'.repeat(5000) };
    const cut = truncate(value, 2000);
    expect(jsonBytes(cut)).toBeLessThanOrEqual(2000);
    expect(cut.a).toBe('short');
    expect(cut.b.endsWith('…')).toBe(true);
    expect(JSON.stringify(cut)).not.toMatch(/\\ud[89ab]/i);
  });

  it('gives up to a bare marker when cutting strings cannot help', () => {
    expect(truncate({ many: Array.from({ length: 5000 }, (_, i) => i) }, 100)).toEqual({ truncated: true });
  });
});
