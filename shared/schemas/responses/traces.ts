// Traces and logs: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../traces.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { LogLevel, SpanKind, SpanStatus } from '../traces.ts';

/** Both appends answer 200 with how many spans or lines were stored (an append is not a new resource). */
export const Appended = z.object({ accepted: z.number() });

const SpanNode = z.object({
  span_id: z.string(),
  parent_span_id: z.nullable(z.string()),
  name: z.string(),
  kind: SpanKind,
  started_at: z.string(),
  ended_at: z.nullable(z.string()),
  status: SpanStatus,
  attributes: z.record(z.string(), z.unknown()),
  input_tokens: z.nullable(z.number()),
  output_tokens: z.nullable(z.number()),
  cost_usd: z.nullable(z.number()),
  // Documented one level deep: OpenAPI tools resolve JSON Schema's recursive $defs poorly.
  children: z
    .array(z.record(z.string(), z.unknown()))
    .check(z.describe('Child spans, each of this same shape (with its own children), ordered by started_at')),
});

export const Trace = z.object({
  submission_id: z.string(),
  spans: z.array(SpanNode).check(z.describe('Root spans (no parent, or a parent not received), ordered by started_at')),
  totals: z.object({
    span_count: z.number(),
    input_tokens: z.number(),
    output_tokens: z.number(),
    cost_usd: z.number(),
  }),
  truncated: z
    .boolean()
    .check(z.describe('true when the trace is larger than one response holds (5,000 spans or about 4 MB); spans past the cut are left out')),
});

export const LogLine = z.object({ ts: z.string(), level: LogLevel, message: z.string() });

// What the API answers for one span (without its children), as the span view builds it.
export type SpanView = Omit<z.input<typeof SpanNode>, 'children'>;
