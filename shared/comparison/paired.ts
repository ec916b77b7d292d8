// A paired comparison of two submissions on the same tasks: the weighted mean difference a − b,
// its paired-bootstrap interval and a two-sided sign-flip permutation test. Reproducible by anyone
// (README "Comparing two agents"):
// - the tasks are taken in task_id order and the pair in submission-id order ("first" is the
//   smaller id); everything is computed for first − second and negated when a is the second, so
//   swapping a and b negates the difference and the interval and keeps the p-value, exactly;
// - the bootstrap is part 1's (uncertainty.ts) over the differences dᵢ with the tasks' weights:
//   mulberry32 seeded with FNV-1a("<first>:<second>:bootstrap"), B = 2,000 resamples of the n tasks
//   (index floor(u · n)), the weighted mean of each, the 2.5th / 97.5th nearest-rank percentiles;
// - the permutation statistic is T(ε) = |Σ εᵢwᵢdᵢ| / Σ wᵢ (εᵢ = ±1); a hit is T(ε) ≥ T_obs − 1e-9.
//   When 2ⁿ ≤ 10,000 every ε is enumerated and p = hits / 2ⁿ; otherwise 10,000 rounds each draw n
//   signs from mulberry32 seeded with FNV-1a("<first>:<second>:permutation") (u < 0.5 flips task i)
//   and p = (hits + 1) / (10,000 + 1).
// Plain TypeScript.
import { BOOTSTRAP_RESAMPLES, CONFIDENCE_LEVEL, bootstrapInterval, fnv1a32, weightedMean } from '#shared/scoring/uncertainty.ts';

export const PERMUTATION_ROUNDS = 10_000;
/** A sign vector's statistic counts as a hit when it is at least the observed one less this. */
export const PERMUTATION_TOLERANCE = 1e-9;

/** One task both submissions were scored on. */
export interface PairedTask {
  taskId: string;
  weight: number;
  /** a's and b's scores on the task. */
  a: number;
  b: number;
}

export interface PairedComparison {
  tasksCompared: number;
  /** Weighted mean of aᵢ − bᵢ. */
  meanDifference: number;
  confidenceInterval: { level: number; low: number; high: number; method: 'paired_bootstrap' };
  pValue: number;
  /** Tasks where a scored higher, lower, the same. */
  aBetter: number;
  bBetter: number;
  ties: number;
}

/** The seeds of one pair, whichever way round it is asked: FNV-1a of "<first>:<second>:<use>", ids in code-unit order. */
export function pairSeeds(submissionA: string, submissionB: string): { bootstrap: number; permutation: number } {
  const [first, second] = submissionA < submissionB ? [submissionA, submissionB] : [submissionB, submissionA];
  return { bootstrap: fnv1a32(`${first}:${second}:bootstrap`), permutation: fnv1a32(`${first}:${second}:permutation`) };
}

/** Rounds half away from zero to 6 decimals, so that round(−x) = −round(x). */
export const round6 = (value: number) => {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 1e6)) / 1e6;
  return rounded === 0 ? 0 : rounded;
};

/** The exact p-value: every sign vector of the n differences (use when 2ⁿ ≤ PERMUTATION_ROUNDS). */
export function exactSignFlipP(differences: readonly number[], weights: readonly number[]): number {
  const n = differences.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (n === 0 || total <= 0) return 1;
  const terms = differences.map((d, i) => weights[i]! * d);
  const observed = Math.abs(terms.reduce((sum, t) => sum + t, 0)) / total;
  const vectors = 2 ** n;
  let hits = 0;
  for (let mask = 0; mask < vectors; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -terms[i]! : terms[i]!;
    if (Math.abs(sum) / total >= observed - PERMUTATION_TOLERANCE) hits++;
  }
  return hits / vectors;
}

/**
 * The Monte Carlo p-value: `rounds` sign vectors drawn from `source` (u < 0.5 flips), p = (hits + 1)/(rounds + 1).
 * `source` is mulberry32's seed (the fast path: the generator inlined, the same numbers) or any generator of [0, 1).
 */
export function sampledSignFlipP(
  differences: readonly number[],
  weights: readonly number[],
  source: number | (() => number),
  rounds = PERMUTATION_ROUNDS,
): number {
  const n = differences.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (n === 0 || total <= 0) return 1;
  const terms = Float64Array.from(differences, (d, i) => weights[i]! * d);
  const observed = Math.abs(terms.reduce((sum, t) => sum + t, 0)) / total;
  const hits = typeof source === 'number' ? seededHits(terms, total, observed, source, rounds) : drawnHits(terms, total, observed, source, rounds);
  return (hits + 1) / (rounds + 1);
}

function drawnHits(terms: Float64Array, total: number, observed: number, random: () => number, rounds: number): number {
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < terms.length; i++) sum += random() < 0.5 ? -terms[i]! : terms[i]!;
    if (Math.abs(sum) / total >= observed - PERMUTATION_TOLERANCE) hits++;
  }
  return hits;
}

/** drawnHits with mulberry32(seed) inlined: the same draws without a call per draw. */
function seededHits(terms: Float64Array, total: number, observed: number, seed: number, rounds: number): number {
  let hits = 0;
  let a = seed | 0;
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < terms.length; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      sum += ((t ^ (t >>> 14)) >>> 0) / 4294967296 < 0.5 ? -terms[i]! : terms[i]!;
    }
    if (Math.abs(sum) / total >= observed - PERMUTATION_TOLERANCE) hits++;
  }
  return hits;
}

/** The two-sided sign-flip p-value: exact when 2ⁿ ≤ 10,000 (n ≤ 13), else 10,000 seeded rounds. */
export function signFlipP(differences: readonly number[], weights: readonly number[], seed: number): number {
  return 2 ** differences.length <= PERMUTATION_ROUNDS ? exactSignFlipP(differences, weights) : sampledSignFlipP(differences, weights, seed);
}

/**
 * Compares submission a with submission b over the tasks both were scored on (`tasks`, any order),
 * seeded by the two submission ids. Values rounded to 6 decimals like scores; the p-value is not.
 */
export function comparePaired(submissionA: string, submissionB: string, tasks: readonly PairedTask[]): PairedComparison {
  const aIsFirst = submissionA <= submissionB;
  const ordered = [...tasks].sort((x, y) => (x.taskId < y.taskId ? -1 : x.taskId > y.taskId ? 1 : 0));
  // first − second, whichever of a and b is first.
  const differences = ordered.map((t) => (aIsFirst ? t.a - t.b : t.b - t.a));
  const weights = ordered.map((t) => t.weight);
  const seeds = pairSeeds(submissionA, submissionB);
  const weighted = differences.map((score, i) => ({ score, weight: weights[i]! }));
  const mean = weightedMean(weighted);
  const { low, high } = bootstrapInterval(weighted, seeds.bootstrap, BOOTSTRAP_RESAMPLES);
  const pValue = signFlipP(differences, weights, seeds.permutation);
  const orient = (value: number) => round6(aIsFirst ? value : -value);
  return {
    tasksCompared: ordered.length,
    meanDifference: orient(mean),
    confidenceInterval: {
      level: CONFIDENCE_LEVEL,
      low: aIsFirst ? orient(low) : orient(high),
      high: aIsFirst ? orient(high) : orient(low),
      method: 'paired_bootstrap',
    },
    pValue,
    aBetter: tasks.filter((t) => t.a > t.b).length,
    bBetter: tasks.filter((t) => t.a < t.b).length,
    ties: tasks.filter((t) => t.a === t.b).length,
  };
}
