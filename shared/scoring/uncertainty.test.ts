import { describe, expect, it } from 'vitest';
import { bootstrapInterval, fnv1a32, mulberry32, nearestRank, scoreUncertainty, weightedMean, weightedStderr } from './uncertainty.ts';

const equal = (...scores: number[]) => scores.map((score) => ({ score, weight: 1 }));

/** A generator that returns the given numbers in turn (to check the resampling by hand). */
const replay = (values: number[]) => {
  let i = 0;
  return () => values[i++]!;
};

describe('fnv1a32', () => {
  it('matches the FNV-1a test vectors', () => {
    // Offset basis with no bytes; 'a': (0x811c9dc5 ^ 0x61) · 0x01000193 mod 2³² = 0xe40c292c;
    // 'foobar' = 0xbf9cf968 (the vectors published with FNV).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    // 'é' is the two bytes 0xc3 0xa9: the same as hashing them one after the other.
    const twoBytes = Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0;
    expect(fnv1a32('é')).toBe(twoBytes);
  });
});

describe('mulberry32', () => {
  it('gives the reference outputs', () => {
    // Computed independently with unbounded integers (Python):
    //   M = 2**32; imul = lambda a, b: (a * b) % M
    //   a = (a + 0x6D2B79F5) % M; t = imul(a ^ (a >> 15), 1 | a)
    //   t = ((t + imul(t ^ (t >> 7), 61 | t)) % M) ^ t; out = (t ^ (t >> 14)) / M
    // seed 0 → 0.26642920868471265, 0.0003297457005828619, 0.2232720274478197
    // seed 1 → 0.6270739405881613, 0.002735721180215478, 0.5274470399599522
    const zero = mulberry32(0);
    expect([zero(), zero(), zero()]).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    const one = mulberry32(1);
    expect([one(), one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });
});

describe('weightedStderr', () => {
  it('is sd/√n for equal weights', () => {
    // 1, 0, 1, 1: mean 0.75; Σ(s − s̄)² = 3 · 0.0625 + 0.5625 = 0.75; sqrt(4/3 · 0.75) / 4 = 1 / 4 = 0.25
    // (sample sd sqrt(0.75 / 3) = 0.5, over √4 = 0.25).
    expect(weightedStderr(equal(1, 0, 1, 1))).toBeCloseTo(0.25, 12);
  });

  it('weights each term by wᵢ²', () => {
    // scores 1, 0 with weights 3, 1: s̄ = 3/4; Σ wᵢ²(sᵢ − s̄)² = 9 · 0.0625 + 1 · 0.5625 = 1.125;
    // sqrt(2/1 · 1.125) / 4 = 1.5 / 4 = 0.375.
    expect(
      weightedStderr([
        { score: 1, weight: 3 },
        { score: 0, weight: 1 },
      ]),
    ).toBeCloseTo(0.375, 12);
    expect(
      weightedMean([
        { score: 1, weight: 3 },
        { score: 0, weight: 1 },
      ]),
    ).toBe(0.75);
  });

  it('is 0 for one task and for equal scores', () => {
    expect(weightedStderr(equal(1))).toBe(0);
    expect(weightedStderr(equal(0.5, 0.5, 0.5))).toBe(0);
  });
});

describe('nearestRank', () => {
  it('takes the ⌈p/100 · N⌉-th smallest', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    // ⌈2.5⌉ = 3rd, ⌈97.5⌉ = 98th.
    expect(nearestRank(hundred, 2.5)).toBe(3);
    expect(nearestRank(hundred, 97.5)).toBe(98);
    // N = 2000: ranks exactly 50 and 1950.
    const many = Array.from({ length: 2000 }, (_, i) => i + 1);
    expect(nearestRank(many, 2.5)).toBe(50);
    expect(nearestRank(many, 97.5)).toBe(1950);
  });
});

describe('bootstrapInterval', () => {
  it('resamples n tasks per replicate with index ⌊u · n⌋ and takes the nearest-rank percentiles', () => {
    // Scores 1, 0; B = 4; draws (0.1, 0.2) → tasks 0, 0 → mean 1; (0.6, 0.7) → 1, 1 → 0;
    // (0.1, 0.9) → 0, 1 → 0.5; (0.9, 0.9) → 1, 1 → 0. Sorted: 0, 0, 0.5, 1.
    // 2.5th: ⌈0.1⌉ = 1st = 0; 97.5th: ⌈3.9⌉ = 4th = 1.
    const random = replay([0.1, 0.2, 0.6, 0.7, 0.1, 0.9, 0.9, 0.9]);
    expect(bootstrapInterval(equal(1, 0), random, 4)).toEqual({ low: 0, high: 1 });
  });

  it('uses the weights in each resample', () => {
    // Scores 1, 0 with weights 3, 1; B = 2: (0.1, 0.9) → (3 · 1 + 1 · 0) / 4 = 0.75; (0.1, 0.1) → 1.
    const random = replay([0.1, 0.9, 0.1, 0.1]);
    const tasks = [
      { score: 1, weight: 3 },
      { score: 0, weight: 1 },
    ];
    expect(bootstrapInterval(tasks, random, 2)).toEqual({ low: 0.75, high: 1 });
  });

  it('gives low = high when every task scores the same', () => {
    expect(bootstrapInterval(equal(1, 1, 1, 1), mulberry32(7))).toEqual({ low: 1, high: 1 });
    expect(bootstrapInterval(equal(0, 0, 0), mulberry32(7))).toEqual({ low: 0, high: 0 });
  });

  it('draws the same numbers from a seed (the inlined generator) as from mulberry32(seed)', () => {
    const mixed = Array.from({ length: 37 }, (_, i) => ({ score: i % 4 === 0 ? 0 : i % 5 === 0 ? 0.5 : 1, weight: 1 + (i % 3) }));
    for (const seed of [0, 1, 0x811c9dc5, 0xffffffff, fnv1a32('sub_x')]) {
      const replayed = bootstrapInterval(mixed, mulberry32(seed), 50);
      expect(bootstrapInterval(mixed, seed, 50)).toEqual(replayed);
      // 50 means: ranks ⌈1.25⌉ = 2 and ⌈48.75⌉ = 49 of them, so not the extremes.
      expect(replayed.low).toBeLessThan(replayed.high);
    }
  });

  it('spans 0 to 1 for two tasks 1 and 0 with B = 2000', () => {
    // Each replicate's mean is 0, 0.5 or 1 with chances 1/4, 1/2, 1/4: about 500 zeros and 500 ones,
    // so the 50th smallest is 0 and the 1950th is 1.
    expect(bootstrapInterval(equal(1, 0), mulberry32(fnv1a32('sub_x')))).toEqual({ low: 0, high: 1 });
  });
});

describe('scoreUncertainty', () => {
  it('gives one task low = high = score and stderr 0', () => {
    expect(scoreUncertainty('sub_one', equal(1))).toEqual({ confidenceInterval: { level: 0.95, low: 1, high: 1, method: 'bootstrap' }, stderr: 0 });
  });

  it('is the same for the same submission id, and brackets the score', () => {
    const tasks = equal(...Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0 : 1)));
    const first = scoreUncertainty('sub_01jabcdefghijklmnopqrstuvw', tasks);
    expect(scoreUncertainty('sub_01jabcdefghijklmnopqrstuvw', tasks)).toEqual(first);
    const mean = weightedMean(tasks);
    expect(first.confidenceInterval.low).toBeLessThan(mean);
    expect(first.confidenceInterval.high).toBeGreaterThan(mean);
    // 26 of 40 correct: sqrt(40/39 · (26 · (14/40)² + 14 · (26/40)²)) / 40 = sqrt(40/39 · 9.1) / 40 ≈ 0.076376
    expect(first.stderr).toBeCloseTo(Math.sqrt((40 / 39) * 9.1) / 40, 6);
  });
});
