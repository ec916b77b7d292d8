// Trace spans: one item per span in its submission's partition (SK SPAN#<span_id>), so posting a
// span again replaces it. Attributes are kept as JSON text: any JSON an agent sends stays storable
// (DynamoDB maps nest at most 32 levels and its numbers stop at 1e125).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SpanFigures } from '#shared/submissions/usage.ts';
import type { Span } from '#shared/traces/span.ts';
import { putAll } from './batch-write.ts';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryAll } from './page.ts';

type Item = Record<string, any>;

export async function putSpans(tenantId: string, submissionId: string, spans: readonly Span[], now: string): Promise<void> {
  await putAll(
    spans.map((span) => ({
      ...keys.span(tenantId, submissionId, span.spanId),
      type: 'span',
      tenant_id: tenantId,
      submission_id: submissionId,
      span_id: span.spanId,
      parent_span_id: span.parentSpanId,
      name: span.name,
      kind: span.kind,
      started_at: span.startedAt,
      ended_at: span.endedAt,
      status: span.status,
      attributes_json: JSON.stringify(span.attributes),
      input_tokens: span.inputTokens,
      output_tokens: span.outputTokens,
      cost_usd: span.costUsd,
      updated_at: now,
    })),
  );
}

const toSpan = (item: Item): Span => ({
  spanId: item.span_id,
  parentSpanId: item.parent_span_id ?? null,
  name: item.name,
  kind: item.kind,
  startedAt: item.started_at,
  endedAt: item.ended_at ?? null,
  status: item.status,
  attributes: item.attributes_json ? JSON.parse(item.attributes_json) : {},
  inputTokens: item.input_tokens ?? null,
  outputTokens: item.output_tokens ?? null,
  costUsd: item.cost_usd ?? null,
});

export interface SpanRead {
  spans: Span[];
  /** More spans exist than the limits let through. */
  truncated: boolean;
}

/**
 * A submission's spans (in span_id order), one Query paging through its SPAN# items, stopping at
 * `maxSpans` or about `maxBytes` of item data so the answer fits in one response.
 */
export async function spansOf(tenantId: string, submissionId: string, maxSpans: number, maxBytes: number): Promise<SpanRead> {
  const partition = keys.submissionPartition(tenantId, submissionId);
  const spans: Span[] = [];
  let bytes = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :span)',
        ExpressionAttributeValues: { ':pk': partition.PK, ':span': 'SPAN#' },
        Limit: Math.min(1000, maxSpans + 1 - spans.length),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of Items) {
      bytes += Buffer.byteLength(JSON.stringify(item));
      if (spans.length === maxSpans || bytes > maxBytes) return { spans, truncated: true };
      spans.push(toSpan(item));
    }
    startKey = LastEvaluatedKey;
  } while (startKey);
  return { spans, truncated: false };
}

/** Every span's tokens, cost and times (only those attributes), paging through the whole trace: what the usage totals need. */
export async function spanFiguresOf(tenantId: string, submissionId: string): Promise<SpanFigures[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :span)',
    ProjectionExpression: 'input_tokens, output_tokens, cost_usd, started_at, ended_at',
    ExpressionAttributeValues: { ':pk': keys.submissionPartition(tenantId, submissionId).PK, ':span': 'SPAN#' },
  });
  return items.map((item) => ({
    inputTokens: item.input_tokens ?? null,
    outputTokens: item.output_tokens ?? null,
    costUsd: item.cost_usd ?? null,
    startedAt: item.started_at,
    endedAt: item.ended_at ?? null,
  }));
}
