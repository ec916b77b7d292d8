// What a subscriber sees first on each channel, and the table checks that authorise a subscribe
// (the benchmark is the tenant's; the submission is the tenant's, and an agent's own). Another
// tenant's (or agent's) resource is `not_found`, never a hint that it exists.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { leaderboardPage } from '#shared/leaderboard/read.ts';
import { monitoringSnapshot } from '#shared/monitoring/snapshot.ts';
import { getSubmission, readerOf } from '#shared/submissions/read.ts';
import { submissionView, type Submission, type SubmissionReader } from '#shared/submissions/submission.ts';
import type { Channel } from './channels.ts';

/** Leaderboard snapshots hold the top entries of the current version. */
export const LEADERBOARD_SNAPSHOT_ENTRIES = 100;

/** Throws not_found when the channel's resource is not the principal's to watch. */
export async function checkResource(principal: Principal, channel: Channel): Promise<void> {
  if (channel.kind === 'leaderboard') await getBenchmark(principal, channel.benchmarkId);
  else if (channel.kind === 'submission') await getSubmission(principal, channel.submissionId);
}

/** The submission as the API shows the reader it, without its results, metadata, answer count and creation time. */
function submissionStatus(submission: Submission, reader: SubmissionReader) {
  const { results: _results, metadata: _metadata, answer_count: _answers, created_at: _created, ...status } = submissionView(submission, reader);
  return { kind: 'status', ...status };
}

/** The channel's current state, read after the subscriber's seq so no update falls between the two. */
export async function snapshotData(principal: Principal, channel: Channel): Promise<Record<string, unknown>> {
  switch (channel.kind) {
    case 'leaderboard': {
      const { next_cursor: _more, ...board } = await leaderboardPage(principal, channel.benchmarkId, { limit: LEADERBOARD_SNAPSHOT_ENTRIES });
      return board;
    }
    case 'submission': {
      const submission = await getSubmission(principal, channel.submissionId);
      return submissionStatus(submission, await readerOf(principal, submission));
    }
    case 'monitoring':
      return monitoringSnapshot(principal);
    case 'events':
      // Events are a stream; what happened before the subscribe is in GET /v1/integrations/events.
      return { recent: [] };
  }
}
