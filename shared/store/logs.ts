// Log lines: one item per line in its submission's partition, SK LOG#<ts>#<seq> with ts padded to
// sort by time, so a Query pages through them in time order. Each expires by TTL; the table
// deletes lazily, so readers skip expired lines themselves.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LogLine, OrderedLogLine } from '#shared/logs/line.ts';
import { putAll } from './batch-write.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epochSeconds, keys } from './keys.ts';

export async function putLogLines(tenantId: string, submissionId: string, lines: readonly OrderedLogLine[], expiresAt: Date): Promise<void> {
  await putAll(
    lines.map((line) => ({
      ...keys.logLine(tenantId, submissionId, line.sortTs, line.seq),
      type: 'log',
      tenant_id: tenantId,
      submission_id: submissionId,
      ts: line.ts,
      level: line.level,
      message: line.message,
      expires_at: epochSeconds(expiresAt),
    })),
  );
}

/** Oldest first; one Query per page (expired lines are skipped, so a page may come back short). */
export async function logLinesPage(tenantId: string, submissionId: string, limit: number, cursor: string | undefined, now: Date) {
  const partition = keys.submissionPartition(tenantId, submissionId);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
      FilterExpression: 'expires_at > :now',
      ExpressionAttributeValues: { ':pk': partition.PK, ':log': 'LOG#', ':now': epochSeconds(now) },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { partition, sortKey: { prefix: 'LOG#' } }),
    }),
  );
  return {
    lines: Items.map((item): LogLine => ({ ts: item.ts, level: item.level, message: item.message })),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}
