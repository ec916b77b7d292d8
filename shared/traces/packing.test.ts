import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testSpan } from '../../test/support/spans.ts';
import { packSpans, unpackSpans } from './packing.ts';
import type { Span } from './span.ts';

const span = (spanId: string, extra: Partial<Span> = {}): Span => testSpan(spanId, { name: `step ${spanId}`, kind: 'llm', ...extra });

/** DynamoDB's item size limit. */
const ITEM_LIMIT = 400 * 1024;

describe('packSpans / unpackSpans', () => {
  it('gives back every span as it was, in order, nulls, zeros and empty attributes included', () => {
    const spans = [
      span('root', { kind: 'agent', endedAt: '2026-03-01T10:00:09.5Z' }),
      span('llm-1', {
        parentSpanId: 'root',
        status: 'error',
        attributes: { model: 'm', nested: { list: [1, null, 'x'], big: 1e300 }, 'ünïcødé ✓': '😀' },
        inputTokens: 0,
        outputTokens: 12,
        costUsd: 0.000012345679,
      }),
      span('tool.2:a_b-c', { parentSpanId: 'not-sent-yet', costUsd: 0 }),
    ];
    const parts = packSpans(spans);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.spanCount).toBe(3);
    expect(unpackSpans(parts[0]!.packed)).toEqual(spans);
  });

  it('packs ten small spans into one item of under 1 KB (one write unit)', () => {
    const spans = Array.from({ length: 10 }, (_, i) =>
      span(`c7-${i}`, {
        parentSpanId: i === 0 ? null : 'c7-0',
        startedAt: `2026-01-01T00:00:0${i}.000Z`,
        endedAt: `2026-01-01T00:00:0${i}.900Z`,
        attributes: { model: 'bench-model', step: i },
        inputTokens: 100 + i,
        outputTokens: 20 + i,
        costUsd: 0.001,
      }),
    );
    const parts = packSpans(spans);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.packed.length).toBeLessThan(1024);
  });

  it('cuts parts by their JSON size, each within the bound, keeping every span once and in order', () => {
    const spans = Array.from({ length: 40 }, (_, i) => span(`s${i}`, { attributes: { text: 'x'.repeat(100 + i * 7) } }));
    const parts = packSpans(spans, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      const json = inflateRawSync(part.packed).toString('utf8');
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(1000);
      expect(JSON.parse(json)).toHaveLength(part.spanCount);
    }
    expect(parts.flatMap((part) => unpackSpans(part.packed))).toEqual(spans);
  });

  it('puts a span larger than the bound alone in its part', () => {
    const parts = packSpans([span('small'), span('big', { attributes: { blob: 'y'.repeat(2000) } }), span('after')], 1000);
    expect(parts.map((part) => unpackSpans(part.packed).map((s) => s.spanId))).toEqual([['small'], ['big'], ['after']]);
  });

  it('keeps every part under the item limit when deflate can barely shrink the spans (random attributes)', () => {
    // 100 spans of 16,384 characters of random (incompressible) attributes, the most a span holds: ~1.7 MB of JSON.
    const spans = Array.from({ length: 100 }, (_, i) =>
      span(`r${i}`, { name: 'n'.repeat(256), attributes: { blob: randomBytes(12_270).toString('base64') } }),
    );
    const parts = packSpans(spans);
    expect(parts.length).toBeGreaterThanOrEqual(6);
    // Room left in each item for its keys and other attributes.
    for (const part of parts) expect(part.packed.length).toBeLessThan(ITEM_LIMIT - 1024);
    expect(parts.reduce((n, part) => n + part.spanCount, 0)).toBe(100);
    expect(parts.flatMap((part) => unpackSpans(part.packed))).toEqual(spans);
  });

  it('packs nothing for no spans', () => {
    expect(packSpans([])).toEqual([]);
  });
});
