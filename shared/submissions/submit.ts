// Submitting answers: checked against the benchmark's current version, counted against the
// agent's daily quota, persisted queued, then handed to the scoring queue.
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';
import { requestScoring } from '#shared/queue/scoring.ts';
import type { Answer } from '#shared/scoring/index.ts';
import { findBenchmark, findVersion } from '#shared/store/benchmarks.ts';
import { giveBackQuota, takeQuota } from '#shared/store/quotas.ts';
import { insertSubmission } from '#shared/store/submissions.ts';
import { checkAnswers } from './check-answers.ts';
import type { Usage } from './usage.ts';
import { queuedSubmission, quotaExceeded, utcDay, type Submission } from './submission.ts';

export interface SubmissionInput {
  answers: Answer[];
  metadata?: Record<string, unknown>;
  usage?: Usage;
}

/** Persists a queued submission, then asks for scoring. A lost enqueue is recovered by the sweeper. */
export async function submit(
  actor: Principal,
  benchmarkId: string,
  input: SubmissionInput,
  correlationId: string,
  now = new Date(),
): Promise<Submission> {
  if (actor.principalType !== 'agent' || !actor.agentId) throw new AppError('forbidden', 'Only agents submit answers');
  // A revoked agent's key may still pass the authorizer cache: its agent item is read beside the benchmark.
  const [benchmark] = await Promise.all([findBenchmark(actor.tenantId, benchmarkId), requireActiveAgent(actor)]);
  if (!benchmark) throw notFound('The benchmark');
  if (benchmark.status !== 'active') throw new AppError('conflict', 'The benchmark is archived');
  const version = await findVersion(actor.tenantId, benchmarkId, benchmark.version);
  if (!version) throw new AppError('unavailable', 'The benchmark is being changed; retry shortly');

  checkAnswers(version.tasks, input.answers);

  const day = utcDay(now);
  const quota = { tenantId: actor.tenantId, benchmarkId, agentId: actor.agentId, day };
  if (!(await takeQuota(quota, benchmark.dailySubmissionLimit, Math.floor(now.getTime() / 1000))))
    throw quotaExceeded(benchmark.dailySubmissionLimit, now);

  const submission = queuedSubmission(
    { submissionId: newId('sub', now.getTime()), tenantId: actor.tenantId, benchmarkId, agentId: actor.agentId, version: benchmark.version },
    input,
    now,
  );
  try {
    await insertSubmission(submission);
  } catch (error) {
    await giveBackQuota(quota);
    throw error;
  }
  await requestScoring({ tenant_id: actor.tenantId, submission_id: submission.submissionId, reason: 'submitted' }, correlationId).catch(
    async (error: unknown) => (await loadLogger()).error('Scoring request not sent; the sweeper will send it', error as Error),
  );
  return submission;
}
