// Leaderboard entries: one item per agent per benchmark version, moved by conditional writes so
// a late or duplicated scoring never displaces a better (or newer) entry. A board page is one
// Query on GSI1, whose sort key is the board's order.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BoardOrdering } from '#shared/benchmarks/visibility.ts';
import { rankKey, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { documentClient, tableName } from './client.ts';
import { decodeBoardCursor, encodeBoardCursor } from './cursor.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';

type Item = Record<string, any>;

export const boardEntryItem = (entry: BoardEntry) => ({
  ...keys.boardEntry(entry.tenantId, entry.benchmarkId, entry.version, entry.agentId),
  GSI1PK: keys.board(entry.tenantId, entry.benchmarkId, entry.version).PK,
  GSI1SK: rankKey(entry),
  type: 'board_entry',
  tenant_id: entry.tenantId,
  benchmark_id: entry.benchmarkId,
  version: entry.version,
  agent_id: entry.agentId,
  submission_id: entry.submissionId,
  score: entry.score,
  public_score: entry.publicScore,
  confidence_interval: entry.confidenceInterval ?? undefined,
  stderr: entry.stderr ?? undefined,
  achieved_at: entry.achievedAt,
});

const CONDITION: Record<LeaderboardRule, string> = {
  // Replace a lower score, an equal score reached later, or this same submission (rescored upwards).
  best: 'attribute_not_exists(PK) OR score < :score OR (score = :score AND achieved_at > :at) OR submission_id = :sid',
  // Replace an older submission, or this same one.
  latest: 'attribute_not_exists(PK) OR achieved_at < :at OR submission_id = :sid',
};

/** Offers a scored submission to the board; false when the agent's entry is better under the rule. */
export async function offerEntry(entry: BoardEntry, rule: LeaderboardRule): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: boardEntryItem(entry),
        ConditionExpression: CONDITION[rule],
        // DynamoDB refuses values an expression does not use.
        ExpressionAttributeValues: {
          ':at': entry.achievedAt,
          ':sid': entry.submissionId,
          ...(rule === 'best' ? { ':score': entry.score } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Sets the agent's entry outright (after recomputing it from all its scored submissions). */
export async function putEntry(entry: BoardEntry): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: boardEntryItem(entry) }));
}

const toEntry = (row: Item): BoardEntry => ({
  tenantId: row.tenant_id,
  benchmarkId: row.benchmark_id,
  version: row.version,
  agentId: row.agent_id,
  submissionId: row.submission_id,
  score: row.score,
  // Entries placed before hidden test sets existed had no private task.
  publicScore: row.public_score ?? row.score,
  confidenceInterval: row.confidence_interval ?? null,
  stderr: row.stderr ?? null,
  achievedAt: row.achieved_at,
});

/** The partition of a board's ordering: `full` (by score) is the board's own, `public` (by public_score) its own too. */
const boardPartition = (ordering: BoardOrdering, tenantId: string, benchmarkId: string, version: number) =>
  (ordering === 'public' ? keys.publicBoard : keys.board)(tenantId, benchmarkId, version).PK;

/** Ranked entries from `cursor` on; ranks carry on across pages. One Query per page. */
export async function boardPage(
  tenantId: string,
  benchmarkId: string,
  version: number,
  limit: number,
  cursor?: string,
  ordering: BoardOrdering = 'full',
) {
  const board = boardPartition(ordering, tenantId, benchmarkId, version);
  const start = decodeBoardCursor(cursor, board);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :board',
      ExpressionAttributeValues: { ':board': board },
      Limit: limit,
      ExclusiveStartKey: start?.key,
    }),
  );
  const offset = start?.offset ?? 0;
  return {
    entries: Items.map((row, i) => ({ entry: toEntry(row), rank: offset + i + 1 })),
    nextCursor: LastEvaluatedKey ? encodeBoardCursor(LastEvaluatedKey, offset + Items.length) : null,
  };
}
