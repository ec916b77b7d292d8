// A trace span for unit tests: every field at a plain default (no parent, open, ok, no attributes,
// no usage), the id and whatever the test cares about given.
import type { Span } from '#shared/traces/span.ts';

export const testSpan = (spanId: string, fields: Partial<Span> = {}): Span => ({
  spanId,
  parentSpanId: null,
  name: spanId,
  kind: 'other',
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: null,
  status: 'ok',
  attributes: {},
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  ...fields,
});
