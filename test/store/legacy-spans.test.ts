// Traces recorded before spans were packed (one item per span, attributes as JSON text) still read
// after an upgrade, and an append made since replaces a span of the same id (shared/store/traces.ts).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../support/local-aws.ts';
import { testSpan } from '../support/spans.ts';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(() => aws?.stop());

const LIMITS = { maxSpans: 100, maxBytes: 1_000_000 };

describe('spans stored one item per span (before packing)', () => {
  it('read back as spans, beside and beneath the packed appends', async () => {
    const { documentClient, tableName } = await import('#shared/store/client.ts');
    const { keys } = await import('#shared/store/keys.ts');
    const { putSpans, spansOf } = await import('#shared/store/traces.ts');
    const legacy = (spanId: string, extra: Record<string, unknown>) =>
      documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.legacySpan('acme', 'sub_legacy', spanId),
            type: 'span',
            span_id: spanId,
            parent_span_id: null,
            name: `old ${spanId}`,
            kind: 'llm',
            started_at: '2026-03-01T10:00:00.000Z',
            ended_at: null,
            status: 'ok',
            input_tokens: null,
            output_tokens: null,
            cost_usd: null,
            ...extra,
          },
        }),
      );
    await legacy('s1', { attributes_json: '{"model":"m1"}', input_tokens: 12, cost_usd: 0.5 });
    await legacy('s2', {});
    await putSpans(
      'acme',
      'sub_legacy',
      'app_1',
      [testSpan('s2', { name: 'new s2', startedAt: '2026-03-01T10:00:01.000Z' })],
      '2026-03-02T00:00:00.000Z',
    );

    const read = await spansOf('acme', 'sub_legacy', LIMITS);
    const byId = Object.fromEntries(read.spans.map((span) => [span.spanId, span]));
    expect(byId.s1).toEqual(testSpan('s1', { name: 'old s1', kind: 'llm', attributes: { model: 'm1' }, inputTokens: 12, costUsd: 0.5 }));
    expect(byId.s2).toEqual(testSpan('s2', { name: 'new s2', startedAt: '2026-03-01T10:00:01.000Z' }));
    expect(read.truncated).toBe(false);
  });
});
