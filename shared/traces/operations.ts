// What agents and viewers do with a submission's trace: the agent appends spans to its own
// submission; viewers (and that agent) read the span tree with its totals.
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { forbidden, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { putSpans, spansOf } from '#shared/store/traces.ts';
import { getSubmission } from '#shared/submissions/read.ts';
import { duplicateSpanIds, spanFromInput, type SpanInput } from './span.ts';
import { spanNodeView, spanTree, traceTotals } from './tree.ts';

/** What one trace read returns at most: under Lambda's 6 MB response limit, with room for JSON escaping. */
export const MAX_TRACE_SPANS = 5000;
export const MAX_TRACE_BYTES = 4_000_000;

/** Stores spans of the agent's own submission, as one append (a span_id sent again replaces its span for readers); the number stored. */
export async function appendSpans(actor: Principal, submissionId: string, spans: readonly SpanInput[], now = new Date()): Promise<number> {
  if (actor.principalType !== 'agent') throw forbidden("Only the submission's agent appends spans");
  await Promise.all([getSubmission(actor, submissionId), requireActiveAgent(actor)]);
  const duplicates = duplicateSpanIds(spans);
  if (duplicates.length) throw validationFailed('Some span_ids appear more than once in this batch', { duplicate_span_ids: duplicates });
  await putSpans(actor.tenantId, submissionId, newId('app', now.getTime()), spans.map(spanFromInput), now.toISOString());
  return spans.length;
}

export async function readTrace(actor: Principal, submissionId: string) {
  await getSubmission(actor, submissionId);
  const { spans, truncated } = await spansOf(actor.tenantId, submissionId, { maxSpans: MAX_TRACE_SPANS, maxBytes: MAX_TRACE_BYTES });
  const totals = traceTotals(spans);
  return {
    submission_id: submissionId,
    spans: spanTree(spans).map(spanNodeView),
    totals: {
      span_count: totals.spanCount,
      input_tokens: totals.inputTokens,
      output_tokens: totals.outputTokens,
      cost_usd: totals.costUsd,
    },
    truncated,
  };
}
