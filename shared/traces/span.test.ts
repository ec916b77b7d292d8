import { describe, expect, it } from 'vitest';
import { duplicateSpanIds, spanFromInput, spanView, type SpanInput } from './span.ts';

const input: SpanInput = { span_id: 's1', name: 'call model', kind: 'llm', started_at: '2026-01-01T00:00:00.000Z', status: 'ok' };

describe('a span as posted and as read back', () => {
  it('reads back what was posted, with what was left out as null (or no attributes)', () => {
    expect(spanView(spanFromInput(input))).toEqual({
      span_id: 's1',
      parent_span_id: null,
      name: 'call model',
      kind: 'llm',
      started_at: '2026-01-01T00:00:00.000Z',
      ended_at: null,
      status: 'ok',
      attributes: {},
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
    });
    const full = {
      ...input,
      parent_span_id: 'root',
      ended_at: '2026-01-01T00:00:01.000Z',
      attributes: { model: 'm' },
      input_tokens: 10,
      output_tokens: 0,
      cost_usd: 0,
    };
    expect(spanView(spanFromInput(full))).toMatchObject({
      parent_span_id: 'root',
      input_tokens: 10,
      output_tokens: 0,
      cost_usd: 0,
      attributes: { model: 'm' },
    });
  });

  it('keeps a cost to a trillionth of a dollar', () => {
    expect(spanFromInput({ ...input, cost_usd: 0.0000123456789012345 }).costUsd).toBe(0.000012345679);
    expect(spanFromInput({ ...input, cost_usd: 1.5 }).costUsd).toBe(1.5);
  });
});

it('names the span ids a batch repeats, each once', () => {
  expect(duplicateSpanIds([{ span_id: 'a' }, { span_id: 'b' }, { span_id: 'a' }, { span_id: 'a' }, { span_id: 'c' }, { span_id: 'b' }])).toEqual([
    'a',
    'b',
  ]);
  expect(duplicateSpanIds([{ span_id: 'a' }, { span_id: 'b' }])).toEqual([]);
});
