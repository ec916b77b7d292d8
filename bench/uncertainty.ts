// The cost of a score's uncertainty (shared/scoring/uncertainty.ts) per submission: the bootstrap
// (B = 2,000 resamples) and the standard error for 500 tasks — the most a submission has — timed in
// this process, as the scoring worker runs it once per scoring. Goal: under 5 ms.
import { scoreUncertainty } from '#shared/scoring/uncertainty.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';

export const UNCERTAINTY_BENCH_DEFAULTS = { tasks: 500, runs: 200, warmup: 20, goalMs: 5 };

export interface UncertaintyBenchResult {
  tasks: number;
  resamples: number;
  runs: number;
  /** The first call, before V8 optimised it (a fresh scoring worker's first submission). */
  firstMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  goalMs: number;
  meetsGoal: boolean;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function measureUncertainty(options = UNCERTAINTY_BENCH_DEFAULTS): UncertaintyBenchResult {
  const random = mulberry32(14);
  // Scores 0 or 1 (about 60% right) and weights 1 to 3, like a scored benchmark.
  const tasks = Array.from({ length: options.tasks }, () => ({ score: random() < 0.6 ? 1 : 0, weight: 1 + Math.floor(random() * 3) }));
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i < options.warmup + options.runs; i++) {
    const started = performance.now();
    scoreUncertainty(`sub_bench${String(i).padStart(22, '0')}`, tasks);
    if (i === 0) first = performance.now() - started;
    if (i >= options.warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  const median = at(0.5);
  return {
    tasks: options.tasks,
    resamples: 2000,
    runs: options.runs,
    firstMs: round3(first),
    medianMs: round3(median),
    p95Ms: round3(at(0.95)),
    maxMs: round3(times[times.length - 1]!),
    goalMs: options.goalMs,
    meetsGoal: median < options.goalMs,
  };
}

export function formatUncertainty(result: UncertaintyBenchResult): string {
  return [
    `Uncertainty per submission (bootstrap B = ${result.resamples} + standard error, ${result.tasks} tasks, ${result.runs} runs)`,
    `  median ${result.medianMs} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms — goal < ${result.goalMs} ms (median): ${result.meetsGoal ? 'met' : 'NOT met'}; first call ${result.firstMs} ms`,
  ].join('\n');
}
