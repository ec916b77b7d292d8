// What a submission cost: tokens, dollars and time, as its agent reported them with the answers,
// or else the totals of its trace spans once it is scored. Plain TypeScript.
import type { Span } from '#shared/traces/span.ts';

/** A submission's usage; each figure is absent when nobody reported it. Stored and shown in the API's names. */
export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cost_usd?: number;
  duration_ms?: number;
}

/** A billionth of a dollar is precision enough (the trace totals round the same way). */
const roundCost = (usd: number) => Math.round(usd * 1e9) / 1e9;

/** The usage as stored: the figures given, cost rounded; null when it holds none. */
export function normalizedUsage(usage: Usage | null | undefined): Usage | null {
  if (!usage) return null;
  const kept: Usage = {};
  if (usage.input_tokens !== undefined) kept.input_tokens = usage.input_tokens;
  if (usage.output_tokens !== undefined) kept.output_tokens = usage.output_tokens;
  if (usage.cost_usd !== undefined) kept.cost_usd = roundCost(usage.cost_usd);
  if (usage.duration_ms !== undefined) kept.duration_ms = usage.duration_ms;
  return Object.keys(kept).length ? kept : null;
}

/** What the usage totals read of a span. */
export type SpanFigures = Pick<Span, 'inputTokens' | 'outputTokens' | 'costUsd' | 'startedAt' | 'endedAt'>;

/**
 * The totals of a trace: tokens and cost summed over every span that reports them (as the trace's
 * `totals` are: report each figure once, on the spans that incurred it), and the duration from the
 * earliest start to the latest end (spans nest and overlap, so their durations do not add up).
 * A figure no span reports is left out; null when the spans report none.
 */
export function usageFromSpans(spans: readonly SpanFigures[]): Usage | null {
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let costUsd: number | undefined;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    if (span.inputTokens !== null) inputTokens = (inputTokens ?? 0) + span.inputTokens;
    if (span.outputTokens !== null) outputTokens = (outputTokens ?? 0) + span.outputTokens;
    if (span.costUsd !== null) costUsd = (costUsd ?? 0) + span.costUsd;
    firstStart = Math.min(firstStart, Date.parse(span.startedAt));
    if (span.endedAt) lastEnd = Math.max(lastEnd, Date.parse(span.endedAt));
  }
  return normalizedUsage({
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cost_usd: costUsd,
    duration_ms: lastEnd >= firstStart ? lastEnd - firstStart : undefined,
  });
}
