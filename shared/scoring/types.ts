// The scoring domain's vocabulary: what a task asks, what an agent answers, what a score says.

/** Every scorer also takes `pass_threshold` (default 1): an attempt is correct when its score is ≥ it. */
export type ScorerConfig = { pass_threshold?: number } & (
  | { type: 'exact' }
  | { type: 'normalized_text' }
  | { type: 'numeric'; tolerance?: number; relative?: boolean }
  | { type: 'regex'; pattern: string; flags?: string }
  | { type: 'contains'; values: string[] }
  | { type: 'json_equal' }
  /** Scored by a registered judge over HTTP (shared/judges/, the judging worker), not by the pure scorer. */
  | { type: 'judge'; judge_id: string; rubric?: string }
);

export interface TaskDefinition {
  task_id: string;
  input: unknown;
  expected: unknown;
  scorer: ScorerConfig;
  weight: number;
}

/** One attempt (`output`) or several (`outputs`, 1–20): exactly one of the two. */
export interface Answer {
  task_id: string;
  output?: unknown;
  outputs?: unknown[];
}

export interface TaskScore {
  /** 0 or 1 for the built-in scorers; a judge without pass_threshold gives a fraction in [0, 1]. */
  score: number;
  /** A short reason, e.g. 'missing answer', 'output is not a string'. */
  detail?: string;
}

export interface TaskResult {
  task_id: string;
  weight: number;
  answered: boolean;
  /** The mean of the attempts' scores (c / n for 0/1 scorers); 0 when unanswered. */
  score: number;
  detail?: string;
  /** Attempts (n: 1 for `output`, 0 when unanswered) and how many scored ≥ the pass threshold (c). Absent on results scored before attempts existed. */
  samples?: number;
  correct?: number;
}

export interface SubmissionScore {
  /** Weighted mean of the task scores in [0, 1], rounded to 6 decimals. */
  score: number;
  results: TaskResult[];
}

/** A scorer with its parameters checked and anything costly (a regex) built once. */
export type Scorer = (output: unknown) => TaskScore;

export const pass: TaskScore = { score: 1 };
export const fail = (detail?: string): TaskScore => (detail === undefined ? { score: 0 } : { score: 0, detail });
