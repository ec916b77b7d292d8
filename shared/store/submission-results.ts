// The per-task results of many submissions at once (the per-task leaderboard): one BatchGetItem per
// 100 submissions, projected to their id and results.
import type { StoredTaskResult } from '#shared/leaderboard/tasks.ts';
import { getAll } from './batch-get.ts';
import { keys } from './keys.ts';

/** Each found submission's results (an empty list until it is first scored). */
export async function resultsOfSubmissions(tenantId: string, submissionIds: readonly string[]): Promise<Map<string, StoredTaskResult[]>> {
  const items = await getAll(
    [...new Set(submissionIds)].map((id) => keys.submission(tenantId, id)),
    { projection: { expression: '#id, #results', names: { '#id': 'submission_id', '#results': 'results' } } },
  );
  return new Map(items.map((item) => [item.submission_id as string, (item.results ?? []) as StoredTaskResult[]]));
}
