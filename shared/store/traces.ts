// Trace spans, in their submission's partition: one item per append (SK SPANS#<append id>#<part>,
// the id sortable by time), its spans packed (shared/traces/packing.ts), so an append of ten spans
// is one write unit rather than ten. A span posted again is a new version in a newer append;
// readers go newest append first and keep each span_id's first sight (shared/traces/latest-spans.ts).
// Stacks deployed before stored one item per span (SK SPAN#<span_id>, attributes as JSON text);
// those still read: they sort before every append (`SPAN#` < `SPANS#`), so they count as the oldest.
import type { SpanFigures } from '#shared/submissions/usage.ts';
import { LatestSpans, type SpanLimits } from '#shared/traces/latest-spans.ts';
import { packSpans, spanOf, type StoredSpan, unpackSpans } from '#shared/traces/packing.ts';
import type { Span } from '#shared/traces/span.ts';
import { putAll } from './batch-write.ts';
import { keys, TRACE_ITEMS_PREFIX } from './keys.ts';
import { queryPages } from './page.ts';

type Item = Record<string, any>;

/** Stores one append: one item, or a few when its spans exceed what one item holds. */
export async function putSpans(tenantId: string, submissionId: string, appendId: string, spans: readonly Span[], now: string): Promise<void> {
  await putAll(
    packSpans(spans).map(({ packed, spanCount }, part) => ({
      ...keys.spanAppend(tenantId, submissionId, appendId, part),
      type: 'spans',
      spans: packed,
      span_count: spanCount,
      appended_at: now,
    })),
  );
}

/** A span as stacks deployed before stored it, one item per span: the same fields, its attributes as JSON text. */
const legacySpan = (item: Item): Span =>
  spanOf({ ...(item as StoredSpan), attributes: item.attributes_json ? JSON.parse(item.attributes_json) : undefined });

function spansOfItem(item: Item): Span[] {
  if (item.type === 'spans') return unpackSpans(item.spans);
  if (item.type === 'span') return [legacySpan(item)];
  throw new Error(`Unexpected item ${item.SK} among trace spans`);
}

/** Every stored version of the submission's spans, newest append first, one Query page at a time. */
async function* spansNewestFirst(tenantId: string, submissionId: string): AsyncGenerator<Span[]> {
  const pages = queryPages({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :spans)',
    ExpressionAttributeValues: { ':pk': keys.submissionPartition(tenantId, submissionId).PK, ':spans': TRACE_ITEMS_PREFIX },
    ScanIndexForward: false,
  });
  for await (const items of pages) for (const item of items) yield spansOfItem(item);
}

export interface SpanRead {
  spans: Span[];
  /** More spans exist than the limits let through. */
  truncated: boolean;
}

/**
 * The latest version of each of a submission's spans, stopping at `maxSpans` or about `maxBytes`
 * so the answer fits in one response; past the cut, the earliest appended spans are left out.
 */
export async function spansOf(tenantId: string, submissionId: string, limits: SpanLimits): Promise<SpanRead> {
  const latest = new LatestSpans(limits);
  read: for await (const spans of spansNewestFirst(tenantId, submissionId)) {
    for (const span of spans) if (!latest.offer(span)) break read;
  }
  return { spans: latest.spans, truncated: latest.truncated };
}

/** Every span's tokens, cost and times (its latest version's), through the whole trace: what the usage totals need. */
export async function spanFiguresOf(tenantId: string, submissionId: string): Promise<SpanFigures[]> {
  const figures = new Map<string, SpanFigures>();
  for await (const spans of spansNewestFirst(tenantId, submissionId)) {
    for (const { spanId, inputTokens, outputTokens, costUsd, startedAt, endedAt } of spans)
      if (!figures.has(spanId)) figures.set(spanId, { inputTokens, outputTokens, costUsd, startedAt, endedAt });
  }
  return [...figures.values()];
}
