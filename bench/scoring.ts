// Scoring throughput with repeated attempts (issue 14 part 2): the scoring worker's pure work for one
// submission of a 500-task exact-match benchmark — scoreSubmission() (compile each task's scorer,
// score every attempt) and the uncertainty it adds — with one output per task (today's figure) and
// with 5 attempts per task, plus the pass@k the submission view derives from the results. Timed in
// this process, as the worker runs it once per submission; the twin's pipeline (`--only pipeline`)
// adds the I/O around it.
import { submissionPassAtK } from '#shared/scoring/pass-at-k.ts';
import { scoreSubmission } from '#shared/scoring/score-answers.ts';
import type { Answer, TaskDefinition } from '#shared/scoring/types.ts';
import { mulberry32, scoreUncertainty } from '#shared/scoring/uncertainty.ts';

export const SCORING_BENCH_DEFAULTS = { tasks: 500, attempts: [1, 5], runs: 200, warmup: 20, correctProbability: 0.6 };

export interface ScoringCase {
  attemptsPerTask: number;
  /** scoreSubmission() alone. */
  scoreMedianMs: number;
  scoreP95Ms: number;
  submissionsPerSecond: number;
  attemptsPerSecond: number;
  /** scoreSubmission() + scoreUncertainty(): what the scoring worker computes per submission. */
  workerMedianMs: number;
  /** submissionPassAtK() over the results: what each submission view computes. */
  passAtKMedianMs: number;
}

export interface ScoringBenchResult {
  tasks: number;
  scorer: 'exact';
  runs: number;
  cases: ScoringCase[];
  /** scoreSubmission()'s median with 5 attempts over its median with 1. */
  fiveAttemptsSlowdown: number | null;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function timed(runs: number, warmup: number, run: (i: number) => void): { median: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const started = performance.now();
    run(i);
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

export function measureScoring(options = SCORING_BENCH_DEFAULTS): ScoringBenchResult {
  const tasks: TaskDefinition[] = Array.from({ length: options.tasks }, (_, i) => ({
    task_id: `t${i}`,
    input: `question ${i}`,
    expected: `answer ${i}`,
    scorer: { type: 'exact' },
    weight: 1 + (i % 3),
  }));
  const cases = options.attempts.map((attempts): ScoringCase => {
    const random = mulberry32(14 + attempts);
    const attempt = (task: TaskDefinition) => (random() < options.correctProbability ? ` ${task.expected} ` : 'wrong');
    const answers: Answer[] = tasks.map((task) =>
      attempts === 1
        ? { task_id: task.task_id, output: attempt(task) }
        : { task_id: task.task_id, outputs: Array.from({ length: attempts }, () => attempt(task)) },
    );
    const score = timed(options.runs, options.warmup, () => scoreSubmission(tasks, answers));
    const worker = timed(options.runs, options.warmup, (i) => {
      const { results } = scoreSubmission(tasks, answers);
      scoreUncertainty(`sub_bench${String(i).padStart(22, '0')}`, results);
    });
    const { results } = scoreSubmission(tasks, answers);
    const passAtK = timed(options.runs, options.warmup, () => submissionPassAtK(results));
    return {
      attemptsPerTask: attempts,
      scoreMedianMs: round3(score.median),
      scoreP95Ms: round3(score.p95),
      submissionsPerSecond: Math.round(1000 / score.median),
      attemptsPerSecond: Math.round((1000 / score.median) * options.tasks * attempts),
      workerMedianMs: round3(worker.median),
      passAtKMedianMs: round3(passAtK.median),
    };
  });
  const one = cases.find((c) => c.attemptsPerTask === 1);
  const five = cases.find((c) => c.attemptsPerTask === 5);
  return {
    tasks: options.tasks,
    scorer: 'exact',
    runs: options.runs,
    cases,
    fiveAttemptsSlowdown: one && five ? Math.round((five.scoreMedianMs / one.scoreMedianMs) * 100) / 100 : null,
  };
}

export function formatScoring(result: ScoringBenchResult): string {
  return [
    `Scoring throughput (${result.tasks} ${result.scorer}-match tasks per submission, ${result.runs} runs, in this process)`,
    ...result.cases.map(
      (c) =>
        `  ${c.attemptsPerTask === 1 ? '1 output per task  ' : `${c.attemptsPerTask} attempts per task`}: scoreSubmission median ${c.scoreMedianMs} ms (p95 ${c.scoreP95Ms}) = ${c.submissionsPerSecond} submissions/s, ${c.attemptsPerSecond} attempts/s; with the uncertainty ${c.workerMedianMs} ms; pass@k in the view ${c.passAtKMedianMs} ms`,
    ),
    ...(result.fiveAttemptsSlowdown === null ? [] : [`  5 attempts cost ${result.fiveAttemptsSlowdown}× one output (scoreSubmission medians)`]),
  ].join('\n');
}
