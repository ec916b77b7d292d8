// Trace spans: what an agent did while working on a submission (LLM calls, tool calls,
// retrievals…), each with an optional parent. A span is identified by its span_id within its
// submission, so posting a span again replaces it. Plain TypeScript.
import type { SpanView } from '#shared/schemas/responses/traces.ts';
export type SpanKind = 'agent' | 'llm' | 'tool' | 'retrieval' | 'chain' | 'other';
export type SpanStatus = 'ok' | 'error' | 'unset';

export interface Span {
  spanId: string;
  /** null, or a span that may not exist (yet): such a span is shown as a root. */
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  startedAt: string;
  endedAt: string | null;
  status: SpanStatus;
  attributes: Record<string, unknown>;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** A span as it arrives in a request body. */
export interface SpanInput {
  span_id: string;
  parent_span_id?: string | null;
  name: string;
  kind: SpanKind;
  started_at: string;
  ended_at?: string | null;
  status: SpanStatus;
  attributes?: Record<string, unknown>;
  input_tokens?: number;
  output_tokens?: number;
  cost_usd?: number;
}

export const spanFromInput = (input: SpanInput): Span => ({
  spanId: input.span_id,
  parentSpanId: input.parent_span_id ?? null,
  name: input.name,
  kind: input.kind,
  startedAt: input.started_at,
  endedAt: input.ended_at ?? null,
  status: input.status,
  attributes: input.attributes ?? {},
  inputTokens: input.input_tokens ?? null,
  outputTokens: input.output_tokens ?? null,
  // A trillionth of a dollar is precision enough, and keeps tiny values within DynamoDB's number range.
  costUsd: input.cost_usd === undefined ? null : Math.round(input.cost_usd * 1e12) / 1e12,
});

export const spanView = (span: Span): SpanView => ({
  span_id: span.spanId,
  parent_span_id: span.parentSpanId,
  name: span.name,
  kind: span.kind,
  started_at: span.startedAt,
  ended_at: span.endedAt,
  status: span.status,
  attributes: span.attributes,
  input_tokens: span.inputTokens,
  output_tokens: span.outputTokens,
  cost_usd: span.costUsd,
});

/** span_ids that appear more than once in one batch (a batch is one write per span_id). */
export function duplicateSpanIds(spans: readonly { span_id: string }[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { span_id } of spans) (seen.has(span_id) ? duplicates : seen).add(span_id);
  return [...duplicates];
}
