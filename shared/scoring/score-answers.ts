// A submission's score: each task scores the mean of its answer's attempts (attempts.ts; one
// `output` is one attempt, scoring 0 or 1; a missing answer scores 0), and the submission scores
// the weighted mean. Answers naming tasks the benchmark does not have,
// or answering one task twice, are refused: callers check at submission time (400), and the
// scorer refuses again rather than guess.
import { AppError } from '#shared/http/errors.ts';
import { attemptsOf, passThresholdOf, scoreAttempts } from './attempts.ts';
import { compileScorer, type RegexCache } from './compile.ts';
import { NO_JUDGED, type JudgedScores } from './judged.ts';
import type { Answer, SubmissionScore, TaskDefinition, TaskResult, TaskScore } from './types.ts';

export class UnknownTaskError extends AppError {
  constructor(readonly taskIds: string[]) {
    super('validation_failed', `Answers name tasks this benchmark does not have: ${taskIds.join(', ')}`, { unknown_task_ids: taskIds });
    this.name = 'UnknownTaskError';
  }
}

export class DuplicateAnswerError extends AppError {
  constructor(readonly taskIds: string[]) {
    super('validation_failed', `Some tasks are answered more than once: ${taskIds.join(', ')}`, { duplicate_task_ids: taskIds });
    this.name = 'DuplicateAnswerError';
  }
}

/** A stored task whose scorer cannot be built (it passed scorerProblem() when it was created). */
export class InvalidScorerError extends AppError {
  constructor(
    readonly taskId: string,
    problem: string,
  ) {
    super('internal', `Task ${taskId} cannot be scored: ${problem}`, { task_id: taskId });
    this.name = 'InvalidScorerError';
  }
}

/** Task ids the answers name that are not in the benchmark, each once, in answer order. */
export function unknownTaskIds(tasks: Pick<TaskDefinition, 'task_id'>[], answers: Pick<Answer, 'task_id'>[]): string[] {
  const known = new Set(tasks.map((t) => t.task_id));
  return [...new Set(answers.map((a) => a.task_id).filter((id) => !known.has(id)))];
}

/** Task ids answered more than once, each once, in answer order. */
export function duplicateTaskIds(answers: Pick<Answer, 'task_id'>[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { task_id } of answers) (seen.has(task_id) ? duplicates : seen).add(task_id);
  return [...duplicates];
}

function scorerOf(task: TaskDefinition, regexCache?: RegexCache) {
  const scorer = compileScorer(task, regexCache);
  if (typeof scorer === 'string') throw new InvalidScorerError(task.task_id, scorer);
  return scorer;
}

/** One task's score for one output. Throws InvalidScorerError if the task's scorer is unusable. */
export function scoreTask(task: TaskDefinition, output: unknown): TaskScore {
  return scorerOf(task)(output);
}

/**
 * Scores answers against tasks; see UnknownTaskError, DuplicateAnswerError, InvalidScorerError.
 * Judge-scored tasks take their judge's verdict from `judged` (the judging worker asks first).
 */
export function scoreSubmission(tasks: TaskDefinition[], answers: Answer[], judged: JudgedScores = NO_JUDGED): SubmissionScore {
  const unknown = unknownTaskIds(tasks, answers);
  if (unknown.length > 0) throw new UnknownTaskError(unknown);
  const duplicates = duplicateTaskIds(answers);
  if (duplicates.length > 0) throw new DuplicateAnswerError(duplicates);

  const answered = new Map(answers.map((a) => [a.task_id, a]));
  const regexCache: RegexCache = new Map();
  const results = tasks.map((task): TaskResult => {
    const base = { task_id: task.task_id, weight: task.weight };
    const answer = answered.get(task.task_id);
    if (!answer) return { ...base, score: 0, answered: false, detail: 'missing answer', samples: 0, correct: 0 };
    // A judge-scored task takes one attempt (checkAnswers refuses more): its judge's verdict.
    const verdict = judged.get(task.task_id);
    if (verdict) return { ...base, answered: true, ...verdict, samples: 1, correct: verdict.score >= passThresholdOf(task.scorer) ? 1 : 0 };
    return { ...base, answered: true, ...scoreAttempts(scorerOf(task, regexCache), attemptsOf(answer), passThresholdOf(task.scorer)) };
  });

  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0);
  const earned = results.reduce((sum, r) => sum + r.weight * r.score, 0);
  const mean = totalWeight > 0 ? earned / totalWeight : 0;
  return { score: Math.min(1, Math.max(0, Math.round(mean * 1e6) / 1e6)), results };
}
