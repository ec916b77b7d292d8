// The scoring worker's job for one request: score the answers against the version they were
// submitted to, record the results, move the agent's leaderboard entry and tell the world.
// Redelivered and duplicated requests change nothing twice: every step is a conditional write.
// Nothing said is lost: `submission.scored` is guaranteed (ended-events.ts) — publish() throws when
// it was not sent, so the request comes back; a request that finds its submission already scored
// or failed (its first run died after the write, or its publish failed) places the entry and
// publishes the same event again (same id: a repeat reaches an endpoint with the same webhook-id).
import { publish } from '#shared/events/publish.ts';
import { injectFault } from '#shared/events/test-faults.ts';
import { requestJudging } from '#shared/queue/judging.ts';
import type { ScoringRequest } from '#shared/queue/scoring.ts';
import { needsJudges, scoreSubmission, scoreUncertainty, type JudgedScores, type TaskDefinition } from '#shared/scoring/index.ts';
import { findVersion } from '#shared/store/benchmarks.ts';
import { transitionSubmission } from '#shared/store/submissions.ts';
import { announceEnded, placeOnBoard } from './announce.ts';
import { scoredEvent } from './ended-events.ts';
import { failSubmission } from './fail.ts';
import { MOVES, type Submission } from './submission.ts';
import { usageWhenScored } from './usage-fill.ts';

export type ScoringOutcome = 'scored' | 'failed' | 'republished' | 'skipped' | 'routed';

/** The judging worker's step (shared/judges/judge-tasks.ts): verdicts, a reason the submission cannot be judged, or a throw to try later. */
export type JudgeStep = (submission: Submission, tasks: TaskDefinition[]) => Promise<JudgedScores | string>;

/** Without `judge` (the scoring worker), a version with judge-scored tasks is sent on to the judging queue. */
export async function scoreRequested(
  request: ScoringRequest,
  correlationId: string,
  now = () => new Date(),
  judge?: JudgeStep,
): Promise<ScoringOutcome> {
  // One conditional write both reads and claims it: a finished one is announced again; a missing or cancelled one is skipped.
  const submission = await transitionSubmission(request.tenant_id, request.submission_id, MOVES.claim.from, MOVES.claim.to, now().toISOString());
  if (!submission) return (await announceEnded(request.tenant_id, request.submission_id, correlationId, request.reason)) ? 'republished' : 'skipped';

  const version = await findVersion(submission.tenantId, submission.benchmarkId, submission.version);
  if (!version) return failSubmission(submission, `version ${submission.version} of the benchmark no longer exists`, correlationId, now());
  if (!judge && needsJudges(version.tasks)) {
    await requestJudging(request, correlationId);
    return 'routed';
  }
  const judged = judge && (await judge(submission, version.tasks));
  if (typeof judged === 'string') return failSubmission(submission, judged, correlationId, now());
  let result: ReturnType<typeof scoreSubmission>;
  try {
    result = scoreSubmission(version.tasks, submission.answers, judged);
  } catch (error) {
    // Invalid data fails at once: retrying cannot change the answers.
    return failSubmission(submission, `the answers cannot be scored: ${(error as Error).message}`, correlationId, now());
  }

  // Seeded by the submission id: a rescore of the same results gives the same interval.
  const uncertainty = scoreUncertainty(submission.submissionId, result.results);
  const usageFields = await usageWhenScored(submission);
  const scored = await transitionSubmission(submission.tenantId, submission.submissionId, MOVES.score.from, MOVES.score.to, now().toISOString(), {
    score: result.score,
    confidence_interval: uncertainty.confidenceInterval,
    stderr: uncertainty.stderr,
    results: result.results,
    ...usageFields,
  });
  if (!scored) return 'skipped';
  injectFault('crash-after-scored');
  const placement = await placeOnBoard(scored, request.reason);
  await publish([scoredEvent(scored, correlationId, placement)]);
  return 'scored';
}
