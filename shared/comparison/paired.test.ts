import { describe, expect, it } from 'vitest';
import { bootstrapInterval, fnv1a32, mulberry32 } from '#shared/scoring/uncertainty.ts';
import { comparePaired, exactSignFlipP, pairSeeds, PERMUTATION_ROUNDS, round6, sampledSignFlipP, signFlipP, type PairedTask } from './paired.ts';

const A = 'sub_01aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'sub_01bbbbbbbbbbbbbbbbbbbbbbbb';

/** Tasks t0, t1, … with equal weights (or the given ones). */
const paired = (a: number[], b: number[], weights = a.map(() => 1)): PairedTask[] =>
  a.map((score, i) => ({ taskId: `t${i}`, weight: weights[i]!, a: score, b: b[i]! }));

/** A generator that returns the given numbers in turn. */
const replay = (values: number[]) => {
  let i = 0;
  return () => values[i++]!;
};

describe('exactSignFlipP', () => {
  it('enumerates the 8 sign vectors of n = 3 (equal weights)', () => {
    // d = 1, 1, 0: T_obs = |2| / 3. The sums ±1 ±1 ±0 are 2, 0, 0, −2, each twice (the 0's sign):
    // |sum| / 3 ≥ 2/3 for the four with ±2, so p = 4/8.
    expect(exactSignFlipP([1, 1, 0], [1, 1, 1])).toBe(0.5);
  });

  it('weights each difference (n = 3)', () => {
    // d = 1, 1, −1 with weights 2, 1, 1: terms 2, 1, −1, T_obs = |2| / 4. The sums ±2 ±1 ±1 are
    // 4, 2, 2, 0, 0, −2, −2, −4: six have |sum| ≥ 2, so p = 6/8.
    expect(exactSignFlipP([1, 1, -1], [2, 1, 1])).toBe(0.75);
  });

  it('counts the sign vectors that tie the observed statistic (the tolerance)', () => {
    // d = 0.1, 0.2, 0.3: the flip of all three gives exactly −T_obs, and 0.1 + 0.2 − 0.3 is ~0 in floats.
    // Sums: ±0.6 (2 vectors), ±0.4 (flip 0.1), ±0.2 (flip 0.2), ±0 (flip 0.3): only ±0.6 hit → 2/8.
    expect(exactSignFlipP([0.1, 0.2, 0.3], [1, 1, 1])).toBe(0.25);
  });

  it('is 1 with no tasks and with no difference', () => {
    expect(exactSignFlipP([], [])).toBe(1);
    expect(exactSignFlipP([0, 0], [1, 1])).toBe(1);
  });
});

describe('sampledSignFlipP', () => {
  it('is (hits + 1) / (rounds + 1) over the drawn sign vectors', () => {
    // d = 1, 1: T_obs = 1. Rounds (u < 0.5 flips): (0.9, 0.9) → 2, a hit; (0.1, 0.9) → 0; (0.1, 0.1) → −2, a hit.
    expect(sampledSignFlipP([1, 1], [1, 1], replay([0.9, 0.9, 0.1, 0.9, 0.1, 0.1]), 3)).toBe(3 / 4);
  });
});

describe('sampledSignFlipP from a seed', () => {
  it('draws the same numbers as mulberry32(seed)', () => {
    const d = [1, -0.5, 0.25, 1, 0, -1, 0.5, 1, 1, 0.75, -0.25, 1, 0.5, 1, -1];
    const w = d.map((_, i) => 1 + (i % 4));
    for (const seed of [0, 1, 42, 0xdeadbeef]) expect(sampledSignFlipP(d, w, seed)).toBe(sampledSignFlipP(d, w, mulberry32(seed)));
  });
});

describe('signFlipP', () => {
  it('enumerates exactly up to n = 13 (2¹³ = 8192 ≤ 10,000)', () => {
    const ones = Array.from({ length: 13 }, () => 1);
    // Only all-plus and all-minus reach |13| / 13.
    expect(signFlipP(ones, ones, 42)).toBe(2 / 8192);
  });

  it('samples 10,000 seeded rounds from n = 14 on, never answering 0', () => {
    const ones = Array.from({ length: 14 }, () => 1);
    const p = signFlipP(ones, ones, 42);
    // Exact would be 2/16384; each round hits with that chance, so 0 to a few hits.
    expect(p).toBeGreaterThanOrEqual(1 / (PERMUTATION_ROUNDS + 1));
    expect(p).toBeLessThan(10 / (PERMUTATION_ROUNDS + 1));
    // (hits + 1) / 10,001: a whole number of hits.
    expect(Math.abs(p * (PERMUTATION_ROUNDS + 1) - Math.round(p * (PERMUTATION_ROUNDS + 1)))).toBeLessThan(1e-6);
    expect(signFlipP(ones, ones, 42)).toBe(p); // seeded: the same answer again
  });
});

describe('pairSeeds', () => {
  it('is FNV-1a of "<first>:<second>:<use>", the same either way round', () => {
    expect(pairSeeds(A, B)).toEqual({ bootstrap: fnv1a32(`${A}:${B}:bootstrap`), permutation: fnv1a32(`${A}:${B}:permutation`) });
    expect(pairSeeds(B, A)).toEqual(pairSeeds(A, B));
  });
});

describe('round6', () => {
  it('rounds halves away from zero, so that negating commutes with rounding', () => {
    expect(round6(0.0000005)).toBe(0.000001);
    expect(round6(-0.0000005)).toBe(-0.000001);
    expect(Object.is(round6(-0.0000001), 0)).toBe(true);
  });
});

describe('comparePaired', () => {
  it('answers the hand-computed comparison of three tasks', () => {
    // a = 1, 1, 0 and b = 0, 0, 0: a − b = 1, 1, 0; mean 2/3; p = 4/8 (above); a better twice, one tie.
    const result = comparePaired(A, B, paired([1, 1, 0], [0, 0, 0]));
    expect(result).toMatchObject({ tasksCompared: 3, meanDifference: 0.666667, pValue: 0.5, aBetter: 2, bBetter: 0, ties: 1 });
    expect(result.confidenceInterval).toMatchObject({ level: 0.95, method: 'paired_bootstrap' });
  });

  it('weights the mean difference', () => {
    // a − b = 1, 0 with weights 3, 1: (3 · 1 + 1 · 0) / 4 = 0.75.
    expect(comparePaired(A, B, paired([1, 0], [0, 0], [3, 1])).meanDifference).toBe(0.75);
  });

  it('gives a one-point interval when every difference is the same, and with one task', () => {
    expect(comparePaired(A, B, paired([1, 0.5], [0.5, 0])).confidenceInterval).toMatchObject({ low: 0.5, high: 0.5 });
    expect(comparePaired(A, B, paired([0], [1]))).toMatchObject({ meanDifference: -1, confidenceInterval: { low: -1, high: -1 }, pValue: 1 });
  });

  it('spans the resampled means of a two-task set: 0, ½ or 1, so the 2.5th and 97.5th percentiles are 0 and 1', () => {
    // d = 1, 0: a resample is (0,0) with chance ¼, mixed ½, (1,1) ¼. Of 2,000 resamples ~500 are 0 and ~500 are 1,
    // so the 50th smallest is 0 and the 1,950th is 1.
    expect(comparePaired(A, B, paired([1, 0], [0, 0])).confidenceInterval).toMatchObject({ low: 0, high: 1 });
  });

  it('draws the bootstrap as part 1 does, over first − second, seeded by the pair', () => {
    const a = [1, 0, 1, 1, 0, 1, 0.5, 1];
    const b = [0, 0, 1, 0, 1, 0, 0.5, 0];
    const tasks = paired(a, b);
    const expected = bootstrapInterval(
      a.map((s, i) => ({ score: s - b[i]!, weight: 1 })),
      pairSeeds(A, B).bootstrap,
    );
    expect(comparePaired(A, B, tasks).confidenceInterval).toMatchObject({ low: round6(expected.low), high: round6(expected.high) });
  });

  it('ignores the order the tasks come in', () => {
    const tasks = paired([1, 0, 1, 0.25, 1], [0, 1, 0, 0, 0], [1, 2, 1, 1, 3]);
    expect(comparePaired(A, B, [...tasks].reverse())).toEqual(comparePaired(A, B, tasks));
  });

  it.each([5, 13, 14, 40])('is symmetric with %i tasks: swapping a and b keeps p and negates the difference and the interval', (n) => {
    const scores = (offset: number) => Array.from({ length: n }, (_, i) => ((i * 7 + offset) % 5) / 4);
    const tasks = paired(
      scores(0),
      scores(2),
      Array.from({ length: n }, (_, i) => 1 + (i % 3)),
    );
    const forward = comparePaired(A, B, tasks);
    const swapped = comparePaired(
      B,
      A,
      tasks.map((t) => ({ ...t, a: t.b, b: t.a })),
    );
    expect(swapped.pValue).toBe(forward.pValue);
    expect(swapped.meanDifference).toBe(-forward.meanDifference || 0);
    expect(swapped.confidenceInterval.low).toBe(-forward.confidenceInterval.high || 0);
    expect(swapped.confidenceInterval.high).toBe(-forward.confidenceInterval.low || 0);
    expect([swapped.aBetter, swapped.bBetter, swapped.ties]).toEqual([forward.bBetter, forward.aBetter, forward.ties]);
    expect(forward.confidenceInterval.low).toBeLessThanOrEqual(forward.meanDifference);
    expect(forward.confidenceInterval.high).toBeGreaterThanOrEqual(forward.meanDifference);
  });

  it('compares nothing when no task is shared', () => {
    expect(comparePaired(A, B, [])).toEqual({
      tasksCompared: 0,
      meanDifference: 0,
      confidenceInterval: { level: 0.95, low: 0, high: 0, method: 'paired_bootstrap' },
      pValue: 1,
      aBetter: 0,
      bBetter: 0,
      ties: 0,
    });
  });
});
