// What an export reads of a benchmark's submissions: newest first on GSI1, as the list does, but
// projected (no answers, no per-task results) and with each item's key, so an export that stops
// mid-page can go on from the last row it wrote.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ExportedSubmission } from '#shared/submissions/export-rows.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor, type Key } from './cursor.ts';
import { submissionFilterExpression } from './expressions.ts';
import { keys } from './keys.ts';

type Item = Record<string, any>;

export interface ExportFilter {
  agentId?: string;
  version?: number;
}

/** The attributes read: the keys (to go on from a row), the row's fields, and parts 3 and 4's when stored. */
const PROJECTION = {
  expression:
    'PK, SK, GSI1PK, GSI1SK, submission_id, agent_id, #version, #status, score, public_score, confidence_interval, #usage, transitions, created_at',
  names: { '#version': 'version', '#status': 'status', '#usage': 'usage' },
};

const toExported = (item: Item): ExportedSubmission => ({
  submissionId: item.submission_id,
  agentId: item.agent_id,
  version: item.version,
  status: item.status,
  score: item.score ?? null,
  publicScore: item.public_score ?? null,
  confidenceInterval: item.confidence_interval ?? null,
  usage: item.usage ?? null,
  transitions: item.transitions ?? [],
  createdAt: item.created_at,
});

const keyOf = (item: Item): Key => ({ PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK });

/** The key to start from for an export cursor (undefined: the start); a 400 unless it is one of this benchmark's. */
export const exportStart = (tenantId: string, benchmarkId: string, cursor: string | undefined) =>
  decodeCursor(cursor, { partition: keys.submissionsOfBenchmark(tenantId, benchmarkId) });

/** The cursor that goes on after the row read with `key`. */
export const exportCursor = (key: Key) => encodeCursor(key)!;

/** One Query (up to 1 MB read), newest first after `start`: the submissions that pass the filter, each with its key, and where the Query stopped (undefined: the end). */
export async function exportedSubmissionsPage(tenantId: string, benchmarkId: string, filter: ExportFilter, start: Key | undefined) {
  const where = submissionFilterExpression(filter);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: where.expression,
      ProjectionExpression: PROJECTION.expression,
      ExpressionAttributeNames: { ...PROJECTION.names, ...where.names },
      ExpressionAttributeValues: { ':pk': keys.submissionsOfBenchmark(tenantId, benchmarkId).GSI1PK, ...where.values },
      ScanIndexForward: false,
      ExclusiveStartKey: start,
    }),
  );
  return { rows: Items.map((item) => ({ submission: toExported(item), key: keyOf(item) })), lastKey: LastEvaluatedKey as Key | undefined };
}
