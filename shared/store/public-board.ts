// Hidden test sets: a board's public ordering, for versions with private tasks. Same items as the
// board's (leaderboard.ts), in their own partition and ranked by public_score, moved by the same
// kind of conditional writes — under `best`, the agent's submission with the best public_score,
// which need not be the one with the best score. Read with boardPage(…, 'public').
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { publicCostKey, publicRankKey } from '#shared/leaderboard/public-ordering.ts';
import type { BoardEntry, LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';
import { boardEntryItem, costPartition } from './leaderboard.ts';

const publicItem = (entry: BoardEntry) => {
  const board = keys.publicBoard(entry.tenantId, entry.benchmarkId, entry.version).PK;
  const byRank = publicRankKey(entry);
  return {
    ...boardEntryItem(entry),
    ...keys.publicBoardEntry(entry.tenantId, entry.benchmarkId, entry.version, entry.agentId),
    GSI1PK: board,
    GSI1SK: byRank,
    // Its own cost ordering (`?sort=cost` before the reveal): cheapest first, then the public order.
    GSI2PK: costPartition(board),
    GSI2SK: publicCostKey(entry),
  };
};

const CONDITION: Record<LeaderboardRule, string> = {
  // Replace a lower public score, an equal one reached later, or this same submission.
  best: 'attribute_not_exists(PK) OR public_score < :score OR (public_score = :score AND achieved_at > :at) OR submission_id = :sid',
  latest: 'attribute_not_exists(PK) OR achieved_at < :at OR submission_id = :sid',
};

/** Offers a scored submission to the public ordering; false when the agent's entry there is better under the rule. */
export async function offerPublicEntry(entry: BoardEntry, rule: LeaderboardRule): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: publicItem(entry),
        ConditionExpression: CONDITION[rule],
        ExpressionAttributeValues: {
          ':at': entry.achievedAt,
          ':sid': entry.submissionId,
          ...(rule === 'best' ? { ':score': entry.publicScore } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Sets the agent's public entry outright (recomputed from all its scored submissions). */
export async function putPublicEntry(entry: BoardEntry): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: publicItem(entry) }));
}
