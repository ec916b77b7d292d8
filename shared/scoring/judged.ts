// The judge scorer as the pure scorer sees it: its parameters are checked here, but its verdict
// needs I/O (an HTTP call to the judge), so the judging worker (shared/judges/) asks the judges
// first and hands their verdicts to scoreSubmission(). Plain TypeScript.
import { AppError } from '#shared/http/errors.ts';
import type { Scorer, TaskDefinition, TaskScore } from './types.ts';

/** Judges' verdicts by task id, for the judge-scored tasks that were answered. */
export type JudgedScores = ReadonlyMap<string, TaskScore>;

export const NO_JUDGED: JudgedScores = new Map();

/** A judge task reached the pure scorer without its judge's verdict (it was not routed to the judging queue). */
export class UnjudgedTaskError extends AppError {
  constructor() {
    super('internal', 'a judge-scored task is scored by its judge (the judging worker), not here');
    this.name = 'UnjudgedTaskError';
  }
}

/** Stands in for a judge task's scorer: the verdict comes from the judge, never from here. */
export const awaitsJudge: Scorer = () => {
  throw new UnjudgedTaskError();
};

/** Why a judge scorer's parameters are unusable, or undefined (the judge's existence is checked apart: it needs a read). */
export function judgeScorerProblem(scorer: Record<string, unknown>): string | undefined {
  // pass_threshold is checked for every scorer type alike (compile.ts).
  const { judge_id: judgeId, rubric } = scorer;
  if (typeof judgeId !== 'string' || !/^jdg_[0-9a-z]{26}$/.test(judgeId)) return 'a judge scorer needs a judge_id (jdg_…)';
  if (rubric !== undefined && typeof rubric !== 'string') return 'rubric must be a string';
  return undefined;
}

export const isJudgeTask = (task: Pick<TaskDefinition, 'scorer'>) => task.scorer.type === 'judge';

/** Does scoring this version need its judges (and so the judging queue)? */
export const needsJudges = (tasks: readonly Pick<TaskDefinition, 'scorer'>[]) => tasks.some(isJudgeTask);
