// Comparing two agents of a benchmark version: each agent's leaderboard entry submission, paired on
// the tasks both were scored on and the caller may see (visible-tasks.ts), by paired.ts's statistics.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { AppError } from '#shared/http/errors.ts';
import { findBoardEntry } from '#shared/store/board-entry.ts';
import { findSubmission } from '#shared/store/submissions.ts';
import { comparePaired } from './paired.ts';
import { comparisonView, sharedTasks } from './pairing.ts';
import { mayCompareTask } from './visible-tasks.ts';

export interface CompareRequest {
  a: string;
  b: string;
  /** Default: the benchmark's current version. */
  version?: number;
}

export async function compareAgents(actor: Principal, benchmarkId: string, request: CompareRequest) {
  if (request.a === request.b)
    throw new AppError('validation_failed', 'a and b must be two different agents', [
      { location: 'query', path: 'b', message: 'must differ from a' },
    ]);
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = request.version ?? benchmark.version;
  const sides = await Promise.all(
    [request.a, request.b].map(async (agentId) => {
      const entry = await findBoardEntry(actor.tenantId, benchmark.benchmarkId, version, agentId);
      const submission = entry && (await findSubmission(actor.tenantId, entry.submissionId));
      if (!entry || !submission)
        throw new AppError('not_found', `Agent ${agentId} has no leaderboard entry on version ${version} of this benchmark`, {
          agent_id: agentId,
          version,
        });
      return { agentId, submissionId: entry.submissionId, score: entry.score, results: submission.results ?? [] };
    }),
  );
  const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const tasks = sharedTasks(a.results, b.results, (taskId) => mayCompareTask(actor, benchmark, taskId));
  return comparisonView(benchmark.benchmarkId, version, a, b, comparePaired(a.submissionId, b.submissionId, tasks));
}
