// Repeated attempts at a task: an answer's `output` is one attempt, its `outputs` 1 to 20. Each is
// scored by the task's scorer and is correct when its score is ≥ the scorer's `pass_threshold`
// (default 1); the task scores the mean attempt score. Plain TypeScript.
import type { Answer, Scorer, ScorerConfig } from './types.ts';

export const MAX_ATTEMPTS = 20;
export const DEFAULT_PASS_THRESHOLD = 1;

/** The attempts an answer carries: its `outputs`, or its one `output`. */
export const attemptsOf = (answer: Pick<Answer, 'output' | 'outputs'>): unknown[] => answer.outputs ?? [answer.output];

/** The scorer's pass threshold; a task stored before thresholds existed has the default, 1. */
export const passThresholdOf = (scorer: ScorerConfig): number => scorer.pass_threshold ?? DEFAULT_PASS_THRESHOLD;

export interface AttemptsScore {
  /** The mean of the attempts' scores. */
  score: number;
  samples: number;
  correct: number;
  /** One output: the scorer's own detail. Several: the first attempt below the threshold, and why. */
  detail?: string;
}

/** Scores every attempt with `scorer` and counts those scoring ≥ `passThreshold`. */
export function scoreAttempts(scorer: Scorer, outputs: readonly unknown[], passThreshold = DEFAULT_PASS_THRESHOLD): AttemptsScore {
  let total = 0;
  let correct = 0;
  let detail: string | undefined;
  for (const [i, output] of outputs.entries()) {
    const attempt = scorer(output);
    total += attempt.score;
    if (attempt.score >= passThreshold) correct++;
    else if (detail === undefined && outputs.length > 1) detail = `attempt ${i + 1}: ${attempt.detail ?? 'below the pass threshold'}`;
    if (outputs.length === 1) detail = attempt.detail;
  }
  const samples = outputs.length;
  const score = samples > 0 ? total / samples : 0;
  return detail === undefined ? { score, samples, correct } : { score, samples, correct, detail };
}
