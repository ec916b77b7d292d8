// One agent's leaderboard entry on a benchmark version: which submission it holds (compare).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';

/** The entry's submission and score, or undefined when the agent has no entry on that version. */
export async function findBoardEntry(
  tenantId: string,
  benchmarkId: string,
  version: number,
  agentId: string,
): Promise<{ submissionId: string; score: number } | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.boardEntry(tenantId, benchmarkId, version, agentId),
      ProjectionExpression: 'submission_id, score',
    }),
  );
  return Item ? { submissionId: Item.submission_id, score: Item.score } : undefined;
}
