// A board's cost–score Pareto frontier: one item beside its entries (SK PARETO) holding the members
// and a revision. Every write of it is conditional on the revision it was computed from, so two
// writers that both move it cannot both win (the loser reads again: leaderboard/frontier.ts).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FrontierMember } from '#shared/leaderboard/pareto.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure } from './expressions.ts';
import { keys } from './keys.ts';

export interface StoredFrontier {
  members: FrontierMember[];
  /** 0 while the board has no frontier item. */
  rev: number;
}

/** One board: a benchmark version of a tenant. */
export interface BoardRef {
  tenantId: string;
  benchmarkId: string;
  version: number;
}

type StoredMember = { agent_id: string; submission_id: string; score: number; cost_usd: number };

export async function readFrontier(board: BoardRef, consistent = true): Promise<StoredFrontier> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.boardFrontier(board.tenantId, board.benchmarkId, board.version), ConsistentRead: consistent }),
  );
  if (!Item) return { members: [], rev: 0 };
  return {
    members: (Item.members as StoredMember[]).map((m) => ({
      agentId: m.agent_id,
      submissionId: m.submission_id,
      score: m.score,
      costUsd: m.cost_usd,
    })),
    rev: Item.rev,
  };
}

/** Writes the frontier as revision `rev + 1`; false when someone else moved it from `rev` first. */
export async function writeFrontier(board: BoardRef, members: readonly FrontierMember[], rev: number, now: string): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.boardFrontier(board.tenantId, board.benchmarkId, board.version),
          type: 'board_frontier',
          members: members.map((m) => ({ agent_id: m.agentId, submission_id: m.submissionId, score: m.score, cost_usd: m.costUsd })),
          rev: rev + 1,
          updated_at: now,
        },
        ConditionExpression: rev === 0 ? 'attribute_not_exists(PK)' : 'rev = :rev',
        ExpressionAttributeValues: rev === 0 ? undefined : { ':rev': rev },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
