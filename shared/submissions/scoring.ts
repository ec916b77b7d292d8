// The scoring worker's job for one request: score the answers against the version they were
// submitted to, record the results, move the agent's leaderboard entry and tell the world.
// Redelivered and duplicated requests change nothing twice: every step is a conditional write.
import { publish } from '#shared/events/publish.ts';
import { preferred, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import type { ScoringRequest } from '#shared/queue/scoring.ts';
import { scoreSubmission } from '#shared/scoring/index.ts';
import { findBenchmark, findVersion } from '#shared/store/benchmarks.ts';
import { offerEntry, putEntry } from '#shared/store/leaderboard.ts';
import { submissionsPage, transitionSubmission } from '#shared/store/submissions.ts';
import { failSubmission } from './fail.ts';
import { leaderboardChannel, submissionChannel } from '#shared/realtime/channels.ts';

export type ScoringOutcome = 'scored' | 'failed' | 'skipped';

export async function scoreRequested(request: ScoringRequest, correlationId: string, now = () => new Date()): Promise<ScoringOutcome> {
  // One conditional write both reads and claims it: a missing, finished or cancelled submission is skipped.
  const submission = await transitionSubmission(request.tenant_id, request.submission_id, ['queued', 'scoring'], 'scoring', now().toISOString());
  if (!submission) return 'skipped';

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
  const entry: BoardEntry = {
    tenantId: scored.tenantId,
    benchmarkId: scored.benchmarkId,
    version: scored.version,
    agentId: scored.agentId,
    submissionId: scored.submissionId,
    score: result.score,
    achievedAt: scored.createdAt,
  };
  const benchmark = await findBenchmark(scored.tenantId, scored.benchmarkId);
  const rule = benchmark?.leaderboardRule ?? 'best';
  if (request.reason === 'rescore') await recomputeEntry(entry, rule);
  else await offerEntry(entry, rule);

  await publish([
    {
      type: 'submission.scored',
      tenantId: scored.tenantId,
      channels: [submissionChannel(scored.submissionId), leaderboardChannel(scored.benchmarkId)],
      data: {
        submission_id: scored.submissionId,
        benchmark_id: scored.benchmarkId,
        agent_id: scored.agentId,
        version: scored.version,
        status: 'scored',
        score: result.score,
      },
      correlationId,
      occurredAt: now().toISOString(),
    },
  ]);
  return 'scored';
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
