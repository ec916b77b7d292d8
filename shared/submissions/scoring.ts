// The scoring worker's job for one request: score the answers against the version they were
// submitted to, record the results, move the agent's leaderboard entry and tell the world.
// Redelivered and duplicated requests change nothing twice: every step is a conditional write.
// Nothing said is lost: `submission.scored` is guaranteed (ended-events.ts) — publish() throws when
// it was not sent, so the request comes back; a request that finds its submission already scored
// or failed (its first run died after the write, or its publish failed) places the entry and
// publishes the same event again (same id: a repeat reaches an endpoint with the same webhook-id).
import { publish } from '#shared/events/publish.ts';
import { preferred, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import type { ScoringRequest } from '#shared/queue/scoring.ts';
import { scoreSubmission } from '#shared/scoring/index.ts';
import { findBenchmark, findVersion } from '#shared/store/benchmarks.ts';
import { offerEntry, putEntry } from '#shared/store/leaderboard.ts';
import { findSubmission, submissionsPage, transitionSubmission } from '#shared/store/submissions.ts';
import { failedEvent, scoredEvent } from './ended-events.ts';
import { failSubmission } from './fail.ts';
import type { Submission } from './submission.ts';

export type ScoringOutcome = 'scored' | 'failed' | 'republished' | 'skipped';

export async function scoreRequested(request: ScoringRequest, correlationId: string, now = () => new Date()): Promise<ScoringOutcome> {
  // One conditional write both reads and claims it: a finished one is announced again; a missing or cancelled one is skipped.
  const submission = await transitionSubmission(request.tenant_id, request.submission_id, ['queued', 'scoring'], 'scoring', now().toISOString());
  if (!submission) return announceAgain(request, correlationId);

  const version = await findVersion(submission.tenantId, submission.benchmarkId, submission.version);
  if (!version) return failSubmission(submission, `version ${submission.version} of the benchmark no longer exists`, correlationId, now());
  let result;
  try {
    result = scoreSubmission(version.tasks, submission.answers);
  } catch (error) {
    // Invalid data fails at once: retrying cannot change the answers.
    return failSubmission(submission, `the answers cannot be scored: ${(error as Error).message}`, correlationId, now());
  }

  const scored = await transitionSubmission(submission.tenantId, submission.submissionId, ['scoring'], 'scored', now().toISOString(), {
    score: result.score,
    results: result.results,
  });
  if (!scored) return 'skipped';
  await placeOnBoard(scored, request.reason);
  await publish([scoredEvent(scored, correlationId)]);
  return 'scored';
}

/** The submission already ended: its entry placed again and its event published again (both idempotent). */
async function announceAgain(request: ScoringRequest, correlationId: string): Promise<ScoringOutcome> {
  const found = await findSubmission(request.tenant_id, request.submission_id);
  if (found?.status === 'scored') {
    await placeOnBoard(found, request.reason);
    await publish([scoredEvent(found, correlationId)]);
    return 'republished';
  }
  if (found?.status === 'failed') {
    await publish([failedEvent(found, correlationId)]);
    return 'republished';
  }
  return 'skipped';
}

/** Moves the agent's leaderboard entry: offered (new), or recomputed (a rescore may lower it). */
async function placeOnBoard(scored: Submission, reason: ScoringRequest['reason']): Promise<void> {
  const entry: BoardEntry = {
    tenantId: scored.tenantId,
    benchmarkId: scored.benchmarkId,
    version: scored.version,
    agentId: scored.agentId,
    submissionId: scored.submissionId,
    score: scored.score!,
    achievedAt: scored.createdAt,
  };
  const benchmark = await findBenchmark(scored.tenantId, scored.benchmarkId);
  const rule = benchmark?.leaderboardRule ?? 'best';
  if (reason === 'rescore') await recomputeEntry(entry, rule);
  else await offerEntry(entry, rule);
}

/** A rescore may lower a score: the entry becomes the best (or latest) of all the agent's scored submissions. */
async function recomputeEntry(rescored: BoardEntry, rule: LeaderboardRule): Promise<void> {
  let best = rescored;
  let cursor: string | undefined;
  do {
    const page = await submissionsPage(
      rescored.tenantId,
      rescored.benchmarkId,
      { agentId: rescored.agentId, status: 'scored', version: rescored.version },
      100,
      cursor,
    );
    for (const other of page.submissions) {
      if (other.submissionId === rescored.submissionId || other.score === null) continue;
      best = preferred(rule, best, { ...rescored, submissionId: other.submissionId, score: other.score, achievedAt: other.createdAt });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await putEntry(best);
}
