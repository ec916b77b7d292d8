import { describe, expect, it } from 'vitest';
import { testSpan } from '../../test/support/spans.ts';
import { sortableInstant } from './sortable-instant.ts';
import { duplicateSpanIds, type Span } from './span.ts';
import { MAX_TREE_DEPTH, spanTree, traceTotals, type SpanNode } from './tree.ts';

const span = (spanId: string, parentSpanId: string | null, second: number, extra: Partial<Span> = {}): Span =>
  testSpan(spanId, { parentSpanId, startedAt: `2026-03-01T10:00:${String(second).padStart(2, '0')}Z`, ...extra });

/** The tree as nested ids, the shape a reader checks. */
type Shape = [string, Shape[]];
const shape = (nodes: SpanNode[]): Shape[] => nodes.map((node) => [node.span.spanId, shape(node.children)]);
const count = (nodes: SpanNode[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
const depth = (nodes: SpanNode[]): number => Math.max(0, ...nodes.map((node) => 1 + depth(node.children)));

describe('spanTree', () => {
  it('nests children under their parents, siblings ordered by started_at whatever the input order', () => {
    const tree = spanTree([
      span('tool-b', 'llm', 5),
      span('llm', 'root', 2),
      span('tool-a', 'llm', 3),
      span('root', null, 1),
      span('answer', 'root', 9),
    ]);
    expect(shape(tree)).toEqual([
      [
        'root',
        [
          [
            'llm',
            [
              ['tool-a', []],
              ['tool-b', []],
            ],
          ],
          ['answer', []],
        ],
      ],
    ]);
  });

  it('shows a span whose parent is unknown as a root, keeping the parent it named', () => {
    const tree = spanTree([span('root', null, 1), span('orphan', 'not-sent-yet', 0), span('child', 'orphan', 2)]);
    expect(shape(tree)).toEqual([
      ['orphan', [['child', []]]],
      ['root', []],
    ]);
    expect(tree[0]!.span.parentSpanId).toBe('not-sent-yet');
  });

  it('orders by time, not by text, across sub-second precisions, then by span_id', () => {
    const tree = spanTree([
      span('whole', null, 0, { startedAt: '2026-03-01T10:00:05Z' }),
      span('tenth', null, 0, { startedAt: '2026-03-01T10:00:05.1Z' }),
      span('micro', null, 0, { startedAt: '2026-03-01T10:00:04.999999Z' }),
      span('b-tie', null, 0, { startedAt: '2026-03-01T10:00:05.100Z' }),
    ]);
    expect(shape(tree).map(([id]) => id)).toEqual(['micro', 'whole', 'b-tie', 'tenth']);
  });

  it('keeps every span of a parent cycle, cut at its earliest span', () => {
    const tree = spanTree([span('a', 'c', 3), span('b', 'a', 1), span('c', 'b', 2), span('self', 'self', 4), span('tail', 'a', 5)]);
    expect(shape(tree)).toEqual([
      ['b', [['c', [['a', [['tail', []]]]]]]],
      ['self', []],
    ]);
  });

  it(`starts a new root below ${MAX_TREE_DEPTH} levels, so a long chain neither vanishes nor nests without end`, () => {
    const chain = Array.from({ length: 5000 }, (_, i) =>
      span(`s${i}`, i === 0 ? null : `s${i - 1}`, 0, { startedAt: `2026-03-01T10:00:00.${String(i).padStart(4, '0')}Z` }),
    );
    const tree = spanTree(chain);
    expect(count(tree)).toBe(5000);
    expect(depth(tree)).toBe(MAX_TREE_DEPTH);
    expect(tree).toHaveLength(5000 / MAX_TREE_DEPTH);
    expect(tree[1]!.span.spanId).toBe(`s${MAX_TREE_DEPTH}`);
    expect(() => JSON.stringify(tree)).not.toThrow();
  });

  it('is empty for no spans', () => {
    expect(spanTree([])).toEqual([]);
  });
});

describe('traceTotals', () => {
  it('sums tokens and cost over every span, treating missing values as zero', () => {
    const totals = traceTotals([
      span('a', null, 1, { inputTokens: 100, outputTokens: 20, costUsd: 0.1 }),
      span('b', 'a', 2, { inputTokens: 50, costUsd: 0.2 }),
      span('c', 'a', 3),
    ]);
    expect(totals).toEqual({ spanCount: 3, inputTokens: 150, outputTokens: 20, costUsd: 0.3 });
  });
});

describe('sortableInstant', () => {
  it('pads any sub-second precision to nanoseconds so strings sort by time', () => {
    expect(sortableInstant('2026-03-01T10:00:05Z')).toBe('2026-03-01T10:00:05.000000000Z');
    expect(sortableInstant('2026-03-01T10:00:05.1Z')).toBe('2026-03-01T10:00:05.100000000Z');
    expect(sortableInstant('2026-03-01T10:00:05.1234567891Z')).toBe('2026-03-01T10:00:05.123456789Z');
    expect(() => sortableInstant('2026-03-01T10:00:05+01:00')).toThrow();
  });
});

describe('duplicateSpanIds', () => {
  it('names each span_id sent more than once', () => {
    expect(duplicateSpanIds([{ span_id: 'a' }, { span_id: 'b' }, { span_id: 'a' }, { span_id: 'a' }])).toEqual(['a']);
    expect(duplicateSpanIds([{ span_id: 'a' }])).toEqual([]);
  });
});
