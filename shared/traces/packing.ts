// How an append's spans are stored: packed together in as few items as DynamoDB's 400 KB item
// limit allows, instead of one item per span (an item costs a write unit per started KB, so ten
// small spans cost ten units apart and one together). A part is the JSON array of its spans, in the
// API's field names with what is null or empty left out, deflated. Parts are cut by their JSON size,
// which bounds the deflated size too (deflate adds at most a few bytes per 16 KB to data it cannot
// shrink). Plain TypeScript, no I/O.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Span, SpanKind, SpanStatus } from './span.ts';

/** A part's JSON at most: 100 KB below the item limit, for its keys and attributes and deflate's worst case. */
export const MAX_PART_JSON_BYTES = 300_000;

/** One part of an append: its spans, packed, and how many. */
export interface PackedSpans {
  packed: Uint8Array;
  spanCount: number;
}

/** A span as a part holds it: the API's names, nulls and empty attributes left out. */
export interface StoredSpan {
  span_id: string;
  parent_span_id?: string;
  name: string;
  kind: SpanKind;
  started_at: string;
  ended_at?: string;
  status: SpanStatus;
  attributes?: Record<string, unknown>;
  input_tokens?: number;
  output_tokens?: number;
  cost_usd?: number;
}

function storedSpan(span: Span): StoredSpan {
  const stored: StoredSpan = { span_id: span.spanId, name: span.name, kind: span.kind, started_at: span.startedAt, status: span.status };
  if (span.parentSpanId !== null) stored.parent_span_id = span.parentSpanId;
  if (span.endedAt !== null) stored.ended_at = span.endedAt;
  if (Object.keys(span.attributes).length) stored.attributes = span.attributes;
  if (span.inputTokens !== null) stored.input_tokens = span.inputTokens;
  if (span.outputTokens !== null) stored.output_tokens = span.outputTokens;
  if (span.costUsd !== null) stored.cost_usd = span.costUsd;
  return stored;
}

/** The span a stored one is (also the pre-packing items' fields, apart from their attributes: shared/store/traces.ts). */
export const spanOf = (stored: StoredSpan): Span => ({
  spanId: stored.span_id,
  parentSpanId: stored.parent_span_id ?? null,
  name: stored.name,
  kind: stored.kind,
  startedAt: stored.started_at,
  endedAt: stored.ended_at ?? null,
  status: stored.status,
  attributes: stored.attributes ?? {},
  inputTokens: stored.input_tokens ?? null,
  outputTokens: stored.output_tokens ?? null,
  costUsd: stored.cost_usd ?? null,
});

/** The spans in order, in parts of at most `maxPartJsonBytes` of JSON each (a span larger than that alone in its part). */
export function packSpans(spans: readonly Span[], maxPartJsonBytes = MAX_PART_JSON_BYTES): PackedSpans[] {
  const parts: string[][] = [];
  let current: string[] = [];
  let bytes = 2; // the array's brackets
  for (const span of spans) {
    const text = JSON.stringify(storedSpan(span));
    const size = Buffer.byteLength(text);
    if (current.length && bytes + 1 + size > maxPartJsonBytes) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    bytes += (current.length ? 1 : 0) + size; // a comma before every span but the first
    current.push(text);
  }
  if (current.length) parts.push(current);
  return parts.map((texts) => ({ packed: deflateRawSync(`[${texts.join(',')}]`), spanCount: texts.length }));
}

/** The spans of one part, in the order they were packed. */
export const unpackSpans = (packed: Uint8Array): Span[] => (JSON.parse(inflateRawSync(packed).toString('utf8')) as StoredSpan[]).map(spanOf);
