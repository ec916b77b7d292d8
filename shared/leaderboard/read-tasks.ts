// Reading the per-task leaderboard: the version's tasks (one GetItem), a page of the board's agents
// (one Query), then their leaderboard submissions' per-task results (one BatchGetItem for
// up to 100 submissions), shown as the caller may see them.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { boardOrdering } from '#shared/benchmarks/visibility.ts';
import { notFound } from '#shared/http/errors.ts';
import { findVersion } from '#shared/store/benchmarks.ts';
import { boardPage } from '#shared/store/leaderboard.ts';
import { resultsOfSubmissions } from '#shared/store/submission-results.ts';
import { taskBoard, tasksShownTo } from './tasks.ts';

export interface TaskBoardRequest {
  /** Default: the benchmark's current version. */
  version?: number;
  limit: number;
  cursor?: string;
}

export async function leaderboardTasksPage(actor: Principal, benchmarkId: string, request: TaskBoardRequest) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = request.version ?? benchmark.version;
  const definition = await findVersion(actor.tenantId, benchmark.benchmarkId, version);
  if (!definition) throw notFound(`Version ${version} of the benchmark`);
  // The agents in the order the leaderboard shows (by public_score until the reveal when the version has private tasks).
  const ordering = definition.tasks.some((task) => task.split === 'private') ? boardOrdering(benchmark.revealedAt) : 'full';
  const page = await boardPage(actor.tenantId, benchmark.benchmarkId, version, request.limit, request.cursor, ordering);
  const agents = page.entries.map(({ entry }) => ({ agentId: entry.agentId, submissionId: entry.submissionId }));
  const results = await resultsOfSubmissions(
    actor.tenantId,
    agents.map((agent) => agent.submissionId),
  );
  return {
    benchmark_id: benchmark.benchmarkId,
    version,
    tasks: taskBoard(tasksShownTo(actor, benchmark, definition.tasks), agents, results),
    next_cursor: page.nextCursor,
  };
}
