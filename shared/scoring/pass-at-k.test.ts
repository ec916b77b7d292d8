import { describe, expect, it } from 'vitest';
import { attemptCounts, passAtK, submissionPassAtK } from './pass-at-k.ts';

/** C(n, k) by Pascal's rule, in exact integers: the reference the product form must agree with. */
const choose = (n: number, k: number): bigint => {
  if (k < 0 || k > n) return 0n;
  let row = [1n];
  for (let i = 1; i <= n; i++) row = [1n, ...row.slice(1).map((v, j) => v + row[j]!), 1n];
  return row[k]!;
};

const task = (samples: number, correct: number, weight = 1) => ({
  score: correct / Math.max(1, samples),
  weight,
  answered: samples > 0,
  samples,
  correct,
});

describe('passAtK', () => {
  it('gives the hand-computed values', () => {
    // n = 5, c = 2, k = 1: 1 − C(3,1)/C(5,1) = 1 − 3/5 = 0.4 (= c/n).
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 15);
    // k = 5 = n: every draw takes all five attempts, two of them right.
    expect(passAtK(5, 2, 5)).toBe(1);
    // n = 10, c = 3, k = 5: 1 − C(7,5)/C(10,5) = 1 − 21/252 = 11/12.
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 15);
    // n = 5, c = 2, k = 2: 1 − C(3,2)/C(5,2) = 1 − 3/10 = 0.7.
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 15);
    // n = 20, c = 1, k = 10: 1 − C(19,10)/C(20,10) = 1 − 92378/184756 = 0.5.
    expect(passAtK(20, 1, 10)).toBeCloseTo(0.5, 15);
  });

  it('is 0 with no correct attempt and 1 with all correct', () => {
    expect(passAtK(10, 0, 1)).toBe(0);
    expect(passAtK(10, 0, 10)).toBe(0);
    expect(passAtK(1, 1, 1)).toBe(1);
    expect(passAtK(10, 10, 5)).toBe(1);
  });

  it('agrees with the exact binomial ratio for every n ≤ 20, c ≤ n and k ∈ {1, 5, 10}', () => {
    for (let n = 1; n <= 20; n++)
      for (let c = 0; c <= n; c++)
        for (const k of [1, 5, 10].filter((k) => k <= n)) {
          const exact = 1 - Number(choose(n - c, k)) / Number(choose(n, k));
          expect(passAtK(n, c, k), `n=${n} c=${c} k=${k}`).toBeCloseTo(exact, 12);
        }
  });

  it('stays finite and in [0, 1] where factorials would overflow a double', () => {
    // C(1000, 500) ≈ 2.7e299 and C(2000, 1000) is beyond Number.MAX_VALUE: the product form never forms them.
    const value = passAtK(2000, 3, 1000);
    // 1 − (1000·999·998)/(2000·1999·1998) ≈ 0.87516
    expect(value).toBeCloseTo(1 - (1000 * 999 * 998) / (2000 * 1999 * 1998), 12);
    expect(passAtK(2000, 1, 1)).toBeCloseTo(1 / 2000, 15);
  });

  it('refuses what the estimator does not define', () => {
    expect(() => passAtK(4, 2, 5)).toThrow(RangeError);
    expect(() => passAtK(0, 0, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 2, 0)).toThrow(RangeError);
    expect(() => passAtK(5, 1.5, 1)).toThrow(RangeError);
  });
});

describe('submissionPassAtK', () => {
  it('reports k = 1, 5, 10 when every answered task has at least 10 attempts', () => {
    // Both n = 10: c = 3 → pass@1 0.3, pass@5 11/12, pass@10 1; c = 0 → 0, 0, 0. Equal weights: halves.
    expect(submissionPassAtK([task(10, 3), task(10, 0)])).toEqual({ '1': 0.15, '5': 0.458333, '10': 0.5 });
  });

  it('reports only the k no larger than the smallest n among answered tasks', () => {
    // n = 5 and n = 10: k = 10 is left out; pass@5 = (1 + 11/12) / 2 = 23/24 ≈ 0.958333.
    expect(submissionPassAtK([task(5, 2), task(10, 3)])).toEqual({ '1': 0.35, '5': 0.958333 });
    // One task answered once: pass@1 only.
    expect(submissionPassAtK([task(1, 1), task(10, 3)])).toEqual({ '1': 0.65 });
  });

  it('weights each task', () => {
    // n = 5, c = 2 (pass@1 0.4, pass@5 1) with weight 3; n = 5, c = 0 with weight 1.
    // pass@1 = 3 · 0.4 / 4 = 0.3; pass@5 = 3 · 1 / 4 = 0.75.
    expect(submissionPassAtK([task(5, 2, 3), task(5, 0, 1)])).toEqual({ '1': 0.3, '5': 0.75 });
  });

  it('counts unanswered tasks 0 without letting them bound k', () => {
    // Answered: n = 5, c = 2 (weight 1); unanswered (weight 1): pass@1 = 0.4 / 2 = 0.2, pass@5 = 1 / 2 = 0.5.
    expect(submissionPassAtK([task(5, 2), task(0, 0)])).toEqual({ '1': 0.2, '5': 0.5 });
  });

  it('gives pass@1 = 0 alone when no task is answered, or there are no tasks', () => {
    expect(submissionPassAtK([task(0, 0), task(0, 0, 2)])).toEqual({ '1': 0 });
    expect(submissionPassAtK([])).toEqual({ '1': 0 });
  });

  it('reads results stored before attempts existed as one attempt scored against the threshold 1', () => {
    const old = [
      { score: 1, weight: 1, answered: true },
      { score: 0, weight: 1, answered: true },
      { score: 0, weight: 2, answered: false },
    ];
    expect(old.map(attemptCounts)).toEqual([
      { samples: 1, correct: 1 },
      { samples: 1, correct: 0 },
      { samples: 0, correct: 0 },
    ]);
    expect(submissionPassAtK(old)).toEqual({ '1': 0.25 });
  });
});
