// A score's uncertainty: a percentile bootstrap interval over the submission's tasks and the
// weighted standard error of the weighted mean. Reproducible by anyone (README "Uncertainty on every
// score"): the generator is mulberry32 seeded with the 32-bit FNV-1a hash of the submission id's
// UTF-8 bytes, B = 2,000 resamples of the n tasks with replacement (index = floor(u · n), n draws per
// resample), the weighted mean of each, and the 2.5th / 97.5th percentiles by the nearest-rank rule.
// Plain TypeScript.

export const BOOTSTRAP_RESAMPLES = 2000;
export const CONFIDENCE_LEVEL = 0.95;
/** The interval's ends: the 2.5th and 97.5th percentiles of the resampled means. */
export const LOW_PERCENTILE = 2.5;
export const HIGH_PERCENTILE = 97.5;

export interface ConfidenceInterval {
  level: number;
  low: number;
  high: number;
  method: 'bootstrap';
}

export interface ScoreUncertainty {
  confidenceInterval: ConfidenceInterval;
  stderr: number;
}

export interface WeightedScore {
  score: number;
  weight: number;
}

/** 32-bit FNV-1a of the string's UTF-8 bytes (offset basis 0x811c9dc5, prime 0x01000193), unsigned. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

/** mulberry32: a 32-bit state generator of floats in [0, 1) (the widely copied reference version). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The weighted mean Σ wᵢsᵢ / Σ wᵢ (0 when the weights sum to 0). */
export function weightedMean(tasks: readonly WeightedScore[]): number {
  let earned = 0;
  let total = 0;
  for (const { score, weight } of tasks) {
    earned += weight * score;
    total += weight;
  }
  return total > 0 ? earned / total : 0;
}

/** The p-th percentile (0 < p ≤ 100) of ascending values by the nearest-rank rule: the ⌈p/100 · N⌉-th smallest. */
export function nearestRank(sorted: readonly number[], p: number): number {
  // p · N first: 2.5 · 2000 / 100 is exactly 50, while 0.025 · 2000 is not.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p * sorted.length) / 100)));
  return sorted[rank - 1]!;
}

/** sqrt(n/(n−1) · Σ wᵢ²(sᵢ − s̄)²) / Σ wᵢ, s̄ the weighted mean; 0 for fewer than two tasks (or no weight). */
export function weightedStderr(tasks: readonly WeightedScore[]): number {
  const n = tasks.length;
  const total = tasks.reduce((sum, t) => sum + t.weight, 0);
  if (n < 2 || total <= 0) return 0;
  const mean = weightedMean(tasks);
  const spread = tasks.reduce((sum, t) => sum + t.weight * t.weight * (t.score - mean) ** 2, 0);
  return Math.sqrt((n / (n - 1)) * spread) / total;
}

/**
 * The percentile bootstrap interval of the weighted mean. `source` is mulberry32's seed (the fast
 * path: the generator inlined, the same numbers as mulberry32(seed)) or any generator of [0, 1).
 */
export function bootstrapInterval(
  tasks: readonly WeightedScore[],
  source: number | (() => number),
  resamples = BOOTSTRAP_RESAMPLES,
): { low: number; high: number } {
  const n = tasks.length;
  if (n === 0) return { low: 0, high: 0 };
  const scores = Float64Array.from(tasks, (t) => t.score);
  const weights = Float64Array.from(tasks, (t) => t.weight);
  const means = typeof source === 'number' ? seededMeans(scores, weights, source, resamples) : drawnMeans(scores, weights, source, resamples);
  means.sort();
  const sorted = Array.from(means);
  return { low: nearestRank(sorted, LOW_PERCENTILE), high: nearestRank(sorted, HIGH_PERCENTILE) };
}

/** B resampled weighted means, drawing indices floor(u · n) from `random`. */
function drawnMeans(scores: Float64Array, weights: Float64Array, random: () => number, resamples: number): Float64Array {
  const n = scores.length;
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let earned = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const i = Math.floor(random() * n);
      earned += weights[i]! * scores[i]!;
      total += weights[i]!;
    }
    means[b] = total > 0 ? earned / total : 0;
  }
  return means;
}

/** drawnMeans with mulberry32(seed) inlined: the same draws, about 3× faster (no call per draw). */
function seededMeans(scores: Float64Array, weights: Float64Array, seed: number, resamples: number): Float64Array {
  const n = scores.length;
  const means = new Float64Array(resamples);
  let a = seed | 0;
  for (let b = 0; b < resamples; b++) {
    let earned = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      const i = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
      earned += weights[i]! * scores[i]!;
      total += weights[i]!;
    }
    means[b] = total > 0 ? earned / total : 0;
  }
  return means;
}

const round6 = (value: number) => Math.min(1, Math.max(0, Math.round(value * 1e6) / 1e6));

/** A submission's interval and standard error, seeded by its id; both rounded to 6 decimals like the score. */
export function scoreUncertainty(submissionId: string, tasks: readonly WeightedScore[]): ScoreUncertainty {
  const { low, high } = bootstrapInterval(tasks, fnv1a32(submissionId));
  return {
    confidenceInterval: { level: CONFIDENCE_LEVEL, low: round6(low), high: round6(high), method: 'bootstrap' },
    stderr: round6(weightedStderr(tasks)),
  };
}
