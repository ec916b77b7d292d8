// A submission that already ended, announced again: the publisher's retry (a redelivered scoring
// request, the dead-letter recorder) finds the change made — perhaps its first run died right after
// the write, or its publish failed — and places the leaderboard entry and publishes the same event
// again (ended-events.ts: same id). Both are idempotent; a repeat reaches a webhook endpoint under
// the same webhook-id and adds no delivery.
import { publish } from '#shared/events/publish.ts';
import { keepFrontier } from '#shared/leaderboard/frontier.ts';
import { onFrontier, type FrontierMember } from '#shared/leaderboard/pareto.ts';
import { preferred, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import type { ScoringRequest } from '#shared/queue/scoring.ts';
import { findBenchmark } from '#shared/store/benchmarks.ts';
import { offerEntry, putEntry } from '#shared/store/leaderboard.ts';
import { findSubmission, submissionsPage } from '#shared/store/submissions.ts';
import { failedEvent, scoredEvent } from './ended-events.ts';
import { boardEntryOf, type Submission } from './submission.ts';

/** Announces the submission again if it is scored or failed; false when it is not (missing, pending, cancelled). */
export async function announceEnded(
  tenantId: string,
  submissionId: string,
  correlationId: string,
  reason: ScoringRequest['reason'] = 'submitted',
): Promise<boolean> {
  const found = await findSubmission(tenantId, submissionId);
  if (found?.status === 'scored') {
    const placement = await placeOnBoard(found, reason);
    await publish([scoredEvent(found, correlationId, placement)]);
    return true;
  }
  if (found?.status === 'failed') {
    await publish([failedEvent(found, correlationId)]);
    return true;
  }
  return false;
}

/** Where a scored submission stands on its board once placed: on the Pareto frontier or not, and who is. */
export interface BoardPlacement {
  pareto: boolean;
  frontier: FrontierMember[];
}

/** Moves the agent's leaderboard entry: offered (new), or recomputed (a rescore may lower it); then the board's frontier. */
export async function placeOnBoard(scored: Submission, reason: ScoringRequest['reason']): Promise<BoardPlacement> {
  const entry = boardEntryOf(scored);
  const benchmark = await findBenchmark(scored.tenantId, scored.benchmarkId);
  const rule = benchmark?.leaderboardRule ?? 'best';
  if (reason === 'rescore') await recomputeEntry(entry, rule);
  else await offerEntry(entry, rule);
  // Whether or not the offer won: the frontier follows the agent's entry as it now stands.
  const frontier = await keepFrontier(entry, entry.agentId);
  return { pareto: onFrontier(frontier, entry), frontier };
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
      best = preferred(rule, best, boardEntryOf(other));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await putEntry(best);
}
