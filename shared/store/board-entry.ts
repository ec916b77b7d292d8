// One agent's leaderboard entry on a benchmark version: which submission it holds (compare).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { BoardOrdering } from '#shared/benchmarks/visibility.ts';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';

/** The entry's submission and scores in a board ordering (default the full one), or undefined when the agent has no entry on that version. */
export async function findBoardEntry(
  tenantId: string,
  benchmarkId: string,
  version: number,
  agentId: string,
  ordering: BoardOrdering = 'full',
): Promise<{ submissionId: string; score: number; publicScore: number } | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: (ordering === 'public' ? keys.publicBoardEntry : keys.boardEntry)(tenantId, benchmarkId, version, agentId),
      ProjectionExpression: 'submission_id, score, public_score',
    }),
  );
  return Item ? { submissionId: Item.submission_id, score: Item.score, publicScore: Item.public_score ?? Item.score } : undefined;
}
