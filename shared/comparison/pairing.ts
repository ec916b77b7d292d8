// The tasks two submissions are compared on, and the comparison's view. Plain TypeScript.
import type { ComparisonView } from '#shared/schemas/comparison.ts';
import type { PairedComparison, PairedTask } from './paired.ts';

interface ScoredTask {
  task_id: string;
  score: number;
  weight: number;
}

/** The tasks both submissions have a result for and `visible` allows, each with a's weight (one version: the same tasks). */
export function sharedTasks(a: readonly ScoredTask[], b: readonly ScoredTask[], visible: (taskId: string) => boolean): PairedTask[] {
  const bScores = new Map(b.map((result) => [result.task_id, result.score]));
  return a.flatMap((result) => {
    const other = bScores.get(result.task_id);
    return other === undefined || !visible(result.task_id) ? [] : [{ taskId: result.task_id, weight: result.weight, a: result.score, b: other }];
  });
}

export interface ComparedSide {
  agentId: string;
  submissionId: string;
  score: number;
}

export const comparisonView = (benchmarkId: string, version: number, a: ComparedSide, b: ComparedSide, result: PairedComparison): ComparisonView => ({
  benchmark_id: benchmarkId,
  version,
  a: { agent_id: a.agentId, submission_id: a.submissionId, score: a.score },
  b: { agent_id: b.agentId, submission_id: b.submissionId, score: b.score },
  tasks_compared: result.tasksCompared,
  mean_difference: result.meanDifference,
  confidence_interval: result.confidenceInterval,
  p_value: result.pValue,
  a_better: result.aBetter,
  b_better: result.bBetter,
  ties: result.ties,
});
