// The per-task leaderboard: for each task of a version, each ranked agent's score on it, read from
// the per-task results of the agent's leaderboard submission. Plain TypeScript.
import type { Principal } from '#shared/auth/principal.ts';
import type { Benchmark } from '#shared/benchmarks/benchmark.ts';
import { seesPrivateTaskResults, visibilityRole } from '#shared/benchmarks/visibility.ts';
import type { LeaderboardTasksView } from '#shared/schemas/responses/leaderboard.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';

export type TaskSplit = 'public' | 'private';

/** A task result as stored on a submission; `samples` once attempts exist (absent: one attempt). */
export interface StoredTaskResult {
  task_id: string;
  score: number;
  samples?: number;
}

export interface ShownTask {
  taskId: string;
  split: TaskSplit;
}

/**
 * The tasks whose results this caller sees on per-task views, with their split: the one place
 * the rule lives. Private tasks only for whoever `seesPrivateTaskResults(role, revealed_at)` allows
 * (maintainers always, viewers after the reveal, agents never).
 */
export function tasksShownTo(actor: Principal, benchmark: Pick<Benchmark, 'revealedAt'>, tasks: readonly TaskDefinition[]): ShownTask[] {
  const privateShown = seesPrivateTaskResults(visibilityRole(actor), benchmark.revealedAt);
  return tasks
    .map((task): ShownTask => ({ taskId: task.task_id, split: task.split ?? 'public' }))
    .filter((task) => task.split === 'public' || privateShown);
}

/** Each shown task with the page's agents in rank order; an agent whose submission has no result for a task is left out of it. */
export function taskBoard(
  tasks: readonly ShownTask[],
  agents: readonly { agentId: string; submissionId: string }[],
  resultsOf: ReadonlyMap<string, readonly StoredTaskResult[]>,
): LeaderboardTasksView['tasks'] {
  const byTask = agents.map(({ submissionId }) => new Map((resultsOf.get(submissionId) ?? []).map((result) => [result.task_id, result])));
  return tasks.map(({ taskId, split }) => ({
    task_id: taskId,
    split,
    agents: agents.flatMap(({ agentId }, i) => {
      const result = byTask[i]!.get(taskId);
      return result ? [{ agent_id: agentId, score: result.score, samples: result.samples ?? 1 }] : [];
    }),
  }));
}
