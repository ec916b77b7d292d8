// Submitting answers: checked against the benchmark's current version, counted against the
// agent's daily quota, persisted queued, then handed to the scoring queue.
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/powertools/logger.ts';
import { requestScoring } from '#shared/queue/scoring.ts';
import { duplicateTaskIds, unknownTaskIds, type Answer } from '#shared/scoring/index.ts';
import { findBenchmark, findVersion } from '#shared/store/benchmarks.ts';
import { giveBackQuota, takeQuota } from '#shared/store/quotas.ts';
import { insertSubmission } from '#shared/store/submissions.ts';
import { secondsUntilNextUtcDay, utcDay, type Submission } from './submission.ts';

export interface SubmissionInput {
  answers: Answer[];
  metadata?: Record<string, unknown>;
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

  const unknown = unknownTaskIds(version.tasks, input.answers);
  if (unknown.length) throw validationFailed('Some answers name tasks this benchmark does not have', { unknown_task_ids: unknown });
  const duplicates = duplicateTaskIds(input.answers);
  if (duplicates.length) throw validationFailed('Some tasks are answered more than once', { duplicate_task_ids: duplicates });

  const day = utcDay(now);
  const quota = { tenantId: actor.tenantId, benchmarkId, agentId: actor.agentId, day };
  if (!(await takeQuota(quota, benchmark.dailySubmissionLimit, Math.floor(now.getTime() / 1000)))) {
    const retryAfter = secondsUntilNextUtcDay(now);
    throw new AppError(
      'quota_exceeded',
      `This agent has used its ${benchmark.dailySubmissionLimit} submissions for today (UTC) on this benchmark`,
      { limit: benchmark.dailySubmissionLimit, resets_in_seconds: retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }

  const at = now.toISOString();
  const submission: Submission = {
    submissionId: newId('sub', now.getTime()),
    tenantId: actor.tenantId,
    benchmarkId,
    agentId: actor.agentId,
    version: benchmark.version,
    status: 'queued',
    answers: input.answers.map((a) => ({ task_id: a.task_id, output: a.output })),
    metadata: input.metadata ?? null,
    score: null,
    results: null,
    failureReason: null,
    transitions: [{ status: 'queued', at }],
    quotaDay: day,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await insertSubmission(submission);
  } catch (error) {
    await giveBackQuota(quota);
    throw error;
  }
  await requestScoring({ tenant_id: actor.tenantId, submission_id: submission.submissionId, reason: 'submitted' }, correlationId).catch(
    (error: unknown) => logger.error('Scoring request not sent; the sweeper will send it', error as Error),
  );
  return submission;
}
