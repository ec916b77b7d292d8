import { describe, expect, it } from 'vitest';
import { queuedSubmission, submissionView } from './submission.ts';
import { normalizedUsage, usageFromSpans, type SpanFigures } from './usage.ts';

const span = (startedAt: string, endedAt: string | null, figures: Partial<SpanFigures> = {}): SpanFigures => ({
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  startedAt,
  endedAt,
  ...figures,
});

describe('usage from trace spans', () => {
  it('sums tokens and cost over the spans that report them, and spans the earliest start to the latest end', () => {
    const spans = [
      span('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z'),
      span('2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.500Z', { inputTokens: 100, outputTokens: 20, costUsd: 0.1 }),
      span('2026-01-01T00:00:03.000Z', '2026-01-01T00:00:06.250Z', { inputTokens: 50, outputTokens: 5, costUsd: 0.2 }),
    ];
    // 0.1 + 0.2 is 0.30000000000000004 in binary; the cost is kept to a billionth of a dollar.
    expect(usageFromSpans(spans)).toEqual({ input_tokens: 150, output_tokens: 25, cost_usd: 0.3, duration_ms: 6250 });
  });

  it('leaves out a figure no span reports, and the duration while no span has ended', () => {
    expect(usageFromSpans([span('2026-01-01T00:00:00.000Z', null, { costUsd: 0.5 })])).toEqual({ cost_usd: 0.5 });
    expect(usageFromSpans([span('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.040Z', { outputTokens: 0 })])).toEqual({
      output_tokens: 0,
      duration_ms: 40,
    });
  });

  it('is null without spans, or when the spans report nothing', () => {
    expect(usageFromSpans([])).toBeNull();
    expect(usageFromSpans([span('2026-01-01T00:00:00.000Z', null)])).toBeNull();
  });
});

describe('usage as reported', () => {
  it('keeps the figures given, the cost to a billionth of a dollar; null when empty', () => {
    expect(normalizedUsage({ input_tokens: 3, cost_usd: 0.1234567891234 })).toEqual({ input_tokens: 3, cost_usd: 0.123456789 });
    expect(normalizedUsage({ cost_usd: 0 })).toEqual({ cost_usd: 0 });
    expect(normalizedUsage({})).toBeNull();
    expect(normalizedUsage(undefined)).toBeNull();
  });
});

describe('usage on the submission', () => {
  const owner = { submissionId: 'sub_1', tenantId: 't', benchmarkId: 'bm', agentId: 'agt_a', version: 1 };
  const answers = [{ task_id: 'a', output: 'x' }];
  const now = new Date('2026-01-01T00:00:00.000Z');

  it('is kept as reported and shown; null in the view when none was', () => {
    const reported = queuedSubmission(owner, { answers, usage: { input_tokens: 10, cost_usd: 0.02 } }, now);
    expect(submissionView(reported).usage).toEqual({ input_tokens: 10, cost_usd: 0.02 });
    expect(submissionView(queuedSubmission(owner, { answers }, now)).usage).toBeNull();
    expect(submissionView(queuedSubmission(owner, { answers, usage: {} }, now)).usage).toBeNull();
  });
});
