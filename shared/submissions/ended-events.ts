// The platform events that say a submission ended (submission.scored, submission.failed), built from
// the submission as stored: its first publish and any republish of the same transition are the same
// event — same key (submission and transition time), so the same event id and `webhook-id`.
// Plain TypeScript.
import type { PlatformEvent } from '#shared/events/publish.ts';
import { leaderboardChannel, submissionChannel } from '#shared/realtime/channels.ts';
import { passAtKOf, type Submission, type SubmissionStatus } from './submission.ts';

/** When the submission last moved to `status` (its latest such transition). */
export function transitionTime(submission: Submission, status: SubmissionStatus): string {
  for (let i = submission.transitions.length - 1; i >= 0; i--) if (submission.transitions[i]!.status === status) return submission.transitions[i]!.at;
  return submission.updatedAt;
}

/** Where the submission stands on its board once placed (announce.ts), for the leaderboard update. */
export interface ScoredPlacement {
  pareto: boolean;
  frontier: readonly { agentId: string }[];
}

/**
 * `revealedAt`: the benchmark's reveal time when it was published. With `private_tasks` (how many
 * the version has) it tells the broadcast worker what each subscriber may see of the score
 * (shared/benchmarks/visibility.ts, visibleUpdateData); webhooks, set up by maintainers, get it all.
 */
export function scoredEvent(scored: Submission, correlationId: string, placement?: ScoredPlacement, revealedAt: string | null = null): PlatformEvent {
  const at = transitionTime(scored, 'scored');
  return {
    type: 'submission.scored',
    tenantId: scored.tenantId,
    channels: [submissionChannel(scored.submissionId), leaderboardChannel(scored.benchmarkId)],
    data: {
      submission_id: scored.submissionId,
      benchmark_id: scored.benchmarkId,
      agent_id: scored.agentId,
      version: scored.version,
      status: 'scored',
      score: scored.score,
      public_score: scored.publicScore,
      confidence_interval: scored.confidenceInterval,
      stderr: scored.stderr,
      pass_at_k: passAtKOf(scored),
      usage: scored.usage ?? null,
      cost_usd: scored.usage?.cost_usd ?? null,
      // The board entry's new fields (README "Cost and usage"): whether this submission is on the
      // cost–score frontier, and which agents are (a new point can push others off it).
      ...(placement ? { pareto: placement.pareto, pareto_agents: placement.frontier.map((m) => m.agentId) } : {}),
      private_tasks: scored.results?.filter((result) => result.split === 'private').length ?? 0,
      revealed_at: revealedAt,
    },
    correlationId,
    occurredAt: at,
    key: `${scored.submissionId}@${at}`,
  };
}

export function failedEvent(failed: Submission, correlationId: string): PlatformEvent {
  const at = transitionTime(failed, 'failed');
  return {
    type: 'submission.failed',
    tenantId: failed.tenantId,
    channels: [submissionChannel(failed.submissionId)],
    data: {
      submission_id: failed.submissionId,
      benchmark_id: failed.benchmarkId,
      agent_id: failed.agentId,
      status: 'failed',
      reason: failed.failureReason,
    },
    correlationId,
    occurredAt: at,
    key: `${failed.submissionId}@${at}`,
  };
}
