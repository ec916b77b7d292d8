// Traces and logs API schemas: spans and log lines an agent appends to its own submission.
// Requests only: the response bodies are in responses/traces.ts, which no function's bundle builds.
import * as z from 'zod/mini';
import { PageQuery } from './common.ts';
import { Instant } from './instant.ts';
import { maxNestingBelow, nestingDepth, storableJson } from './stored-json.ts';

/** Per-call limits (a body over MAX_BODY_BYTES, 256 KiB by default, is refused first with 413). */
export const MAX_SPANS_PER_CALL = 500;
export const MAX_LOG_LINES_PER_CALL = 500;
export const MAX_LOG_MESSAGE_CHARS = 8192;
export const MAX_SPAN_NAME_CHARS = 256;
export const MAX_SPAN_ATTRIBUTES_CHARS = 16_384;
const MAX_TOKENS = 1e12;
const MAX_COST_USD = 1e6;

const SpanId = z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 characters from A–Z a–z 0–9 _ . : -'));
export const SpanKind = z.enum(['agent', 'llm', 'tool', 'retrieval', 'chain', 'other']);
export const SpanStatus = z.enum(['ok', 'error', 'unset']);
const tokens = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_TOKENS));

const notBefore = (end: string, start: string) => !(Date.parse(end) < Date.parse(start));

export const SpanInput = z
  .strictObject({
    span_id: SpanId,
    parent_span_id: z.optional(z.nullable(SpanId)),
    name: z.string().check(z.minLength(1), z.maxLength(MAX_SPAN_NAME_CHARS)),
    kind: SpanKind,
    started_at: Instant,
    ended_at: z.optional(z.nullable(Instant)),
    status: SpanStatus,
    attributes: z.optional(
      z.record(z.string(), z.unknown()).check(
        // Stored as JSON text, so DynamoDB's nesting limit does not bind them; the same limit as a
        // top-level attribute keeps one rule for every JSON value, and JSON.stringify's recursion safe.
        storableJson(1, { asText: true }),
        z.refine(
          (attributes) =>
            nestingDepth(attributes, maxNestingBelow(1)) > maxNestingBelow(1) || JSON.stringify(attributes).length <= MAX_SPAN_ATTRIBUTES_CHARS,
          `must serialise to at most ${MAX_SPAN_ATTRIBUTES_CHARS} characters of JSON`,
        ),
      ),
    ),
    input_tokens: z.optional(tokens),
    output_tokens: z.optional(tokens),
    cost_usd: z.optional(z.number().check(z.minimum(0), z.maximum(MAX_COST_USD))),
  })
  .check(
    z.refine((span) => !span.ended_at || notBefore(span.ended_at, span.started_at), {
      message: 'must not be before started_at',
      path: ['ended_at'],
    }),
  );

export const AppendSpans = z.strictObject({
  spans: z.array(SpanInput).check(z.minLength(1), z.maxLength(MAX_SPANS_PER_CALL)),
});

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

export const LogLineInput = z.strictObject({
  ts: Instant,
  level: LogLevel,
  message: z.string().check(z.maxLength(MAX_LOG_MESSAGE_CHARS)),
});

export const AppendLogLines = z.strictObject({
  lines: z.array(LogLineInput).check(z.minLength(1), z.maxLength(MAX_LOG_LINES_PER_CALL)),
});

export const LogQuery = PageQuery;
