// The scoring domain's vocabulary: what a task asks, what an agent answers, what a score says.

export type ScorerConfig =
  | { type: 'exact' }
  | { type: 'normalized_text' }
  | { type: 'numeric'; tolerance?: number; relative?: boolean }
  | { type: 'regex'; pattern: string; flags?: string }
  | { type: 'contains'; values: string[] }
  | { type: 'json_equal' };

export interface TaskDefinition {
  task_id: string;
  input: unknown;
  expected: unknown;
  scorer: ScorerConfig;
  weight: number;
  /** Hidden test sets: a private task counts in `score` but not in `public_score` (absent: public). */
  split?: TaskSplit;
}

export type TaskSplit = 'public' | 'private';

export interface Answer {
  task_id: string;
  output: unknown;
}

export interface TaskScore {
  score: 0 | 1;
  /** A short reason, e.g. 'missing answer', 'output is not a string'. */
  detail?: string;
}

export interface TaskResult extends TaskScore {
  task_id: string;
  weight: number;
  answered: boolean;
  /** Set on a private task's result only (hidden test sets). */
  split?: 'private';
}

export interface SubmissionScore {
  /** Weighted mean of the task scores in [0, 1], rounded to 6 decimals. */
  score: number;
  /** The same over the public tasks only; equal to `score` when none is private. */
  publicScore: number;
  results: TaskResult[];
}

/** A scorer with its parameters checked and anything costly (a regex) built once. */
export type Scorer = (output: unknown) => TaskScore;

export const pass: TaskScore = { score: 1 };
export const fail = (detail?: string): TaskScore => (detail === undefined ? { score: 0 } : { score: 0, detail });
