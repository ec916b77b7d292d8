// A submission stored and scored as before the evaluation's fields existed (no interval, no
// samples/correct, no public score): score 0.5 from two tasks, `a` answered right and `b` not, as
// the store wrote it then. Tests read it back through today's API.
import { newId } from '#shared/ids.ts';
import { queuedSubmission } from '#shared/submissions/submission.ts';

export interface SubmissionOwner {
  tenantId: string;
  benchmarkId: string;
  agentId: string;
  version: number;
}

/** The results as they were stored then: no samples, no correct. */
export const LEGACY_RESULTS = [
  { task_id: 'a', score: 1, weight: 1, answered: true },
  { task_id: 'b', score: 0, weight: 1, answered: false, detail: 'missing answer' },
];

export async function storeSubmissionScoredTheOldWay(tableName: string, owner: SubmissionOwner): Promise<{ id: string; at: string }> {
  process.env.TABLE_NAME = tableName;
  const { insertSubmission, transitionSubmission } = await import('#shared/store/submissions.ts');
  const id = newId('sub');
  const at = new Date().toISOString();
  // Stored while it was being scored: the transitions start at `scoring`.
  const queued = queuedSubmission({ ...owner, submissionId: id }, { answers: [{ task_id: 'a', output: 'yes' }] }, new Date(at));
  await insertSubmission({ ...queued, status: 'scoring', transitions: [{ status: 'scoring', at }] });
  await transitionSubmission(owner.tenantId, id, ['scoring'], 'scored', at, { score: 0.5, results: LEGACY_RESULTS });
  return { id, at };
}
