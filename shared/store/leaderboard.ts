// Leaderboard entries: one item per agent per benchmark version, moved by conditional writes so
// a late or duplicated scoring never displaces a better (or newer) entry. A board page is one
// Query on GSI1, whose sort key is the board's order; a page ordered by cost (`?sort=cost`) is one
// Query on GSI2, whose sort key is the cost ordering (leaderboard/cost-order.ts).
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { costKey } from '#shared/leaderboard/cost-order.ts';
import type { CostPoint } from '#shared/leaderboard/pareto.ts';
import { rankKey, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { documentClient, tableName } from './client.ts';
import { decodeBoardCursor, decodeCostBoardCursor, encodeBoardCursor } from './cursor.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';
import { queryAll } from './page.ts';

type Item = Record<string, any>;

const item = (entry: BoardEntry) => ({
  ...keys.boardEntry(entry.tenantId, entry.benchmarkId, entry.version, entry.agentId),
  GSI1PK: keys.board(entry.tenantId, entry.benchmarkId, entry.version).PK,
  GSI1SK: rankKey(entry),
  ...keys.boardByCost(entry.tenantId, entry.benchmarkId, entry.version),
  GSI2SK: costKey(entry),
  type: 'board_entry',
  tenant_id: entry.tenantId,
  benchmark_id: entry.benchmarkId,
  version: entry.version,
  agent_id: entry.agentId,
  submission_id: entry.submissionId,
  score: entry.score,
  confidence_interval: entry.confidenceInterval ?? undefined,
  stderr: entry.stderr ?? undefined,
  cost_usd: entry.costUsd ?? undefined,
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
        Item: item(entry),
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
  await documentClient.send(new PutCommand({ TableName: tableName, Item: item(entry) }));
}

const toEntry = (row: Item): BoardEntry => ({
  tenantId: row.tenant_id,
  benchmarkId: row.benchmark_id,
  version: row.version,
  agentId: row.agent_id,
  submissionId: row.submission_id,
  score: row.score,
  confidenceInterval: row.confidence_interval ?? null,
  stderr: row.stderr ?? null,
  costUsd: row.cost_usd ?? null,
  achievedAt: row.achieved_at,
});

/** Ranked entries from `cursor` on; ranks carry on across pages. One Query per page. */
export async function boardPage(tenantId: string, benchmarkId: string, version: number, limit: number, cursor?: string) {
  const board = keys.board(tenantId, benchmarkId, version).PK;
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
    /** The rank key this page starts after (baselines are placed by it). */
    after: start?.key.GSI1SK,
  };
}

/**
 * The cost ordering from `cursor` on (cheapest first, no cost last; one Query on GSI2 per page),
 * each entry with its score rank: one more Query reads the score order down to the page's
 * lowest-ranked entry and counts the entries ahead of each.
 */
export async function boardPageByCost(tenantId: string, benchmarkId: string, version: number, limit: number, cursor?: string) {
  const byCost = keys.boardByCost(tenantId, benchmarkId, version).GSI2PK;
  const start = decodeCostBoardCursor(cursor, byCost);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :byCost',
      ExpressionAttributeValues: { ':byCost': byCost },
      Limit: limit,
      ExclusiveStartKey: start?.key,
    }),
  );
  const entries = Items.map(toEntry);
  const ranks = await scoreRanks(keys.board(tenantId, benchmarkId, version).PK, entries.map(rankKey));
  const offset = start?.offset ?? 0;
  return {
    entries: entries.map((entry, i) => ({ entry, rank: ranks[i]! })),
    nextCursor: LastEvaluatedKey ? encodeBoardCursor(LastEvaluatedKey, offset + Items.length) : null,
    /** The cost key this page starts after (baselines are placed by it). */
    after: start?.key.GSI2SK as string | undefined,
  };
}

/** Each rank key's place in the score order: 1 + the entries before it (GSI1, read down to the last of them). */
async function scoreRanks(board: string, rankKeys: string[]): Promise<number[]> {
  if (!rankKeys.length) return [];
  const last = [...rankKeys].sort().at(-1)!;
  const ahead = (
    await queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :board AND GSI1SK <= :last',
      ProjectionExpression: 'GSI1SK',
      ExpressionAttributeValues: { ':board': board, ':last': last },
    })
  ).map((row) => row.GSI1SK as string);
  return rankKeys.map((key) => 1 + countBelow(ahead, key));
}

/** How many of the ascending `sorted` are below `key` (binary search). */
function countBelow(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

const costPoint = (row: Item): CostPoint => ({
  agentId: row.agent_id,
  submissionId: row.submission_id,
  score: row.score,
  costUsd: row.cost_usd ?? null,
});

/** The agent's entry as it stands (strongly consistent), in what the frontier needs; null when it has none. */
export async function entryPoint(tenantId: string, benchmarkId: string, version: number, agentId: string): Promise<CostPoint | null> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.boardEntry(tenantId, benchmarkId, version, agentId),
      ProjectionExpression: 'agent_id, submission_id, score, cost_usd',
      ConsistentRead: true,
    }),
  );
  return Item ? costPoint(Item) : null;
}

/** Every entry of the board (strongly consistent, the table's own partition), in what the frontier needs. */
export async function boardPoints(tenantId: string, benchmarkId: string, version: number): Promise<CostPoint[]> {
  const rows = await queryAll({
    KeyConditionExpression: 'PK = :board AND begins_with(SK, :agent)',
    ProjectionExpression: 'agent_id, submission_id, score, cost_usd',
    ExpressionAttributeValues: { ':board': keys.board(tenantId, benchmarkId, version).PK, ':agent': 'AGENT#' },
    ConsistentRead: true,
  });
  return rows.map(costPoint);
}
