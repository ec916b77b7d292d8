// pass@k over repeated attempts (README "Repeated attempts and pass@k"): for a task answered n times
// with c correct attempts, the chance that at least one of k attempts drawn from the n without
// replacement is correct, by the unbiased estimator 1 − C(n−c, k)/C(n, k) (Chen et al., 2021). The
// submission's pass@k is the weighted mean over its tasks, unanswered ones counting 0, for each k
// in {1, 5, 10} no larger than the smallest n among its answered tasks. Plain TypeScript.

/** The k a submission reports, each when every answered task has at least k attempts. */
export const PASS_AT_K = [1, 5, 10] as const;

/** `{"1": …, "5": …, "10": …}`: "1" always (the only one when no task is answered), the others when k ≤ the smallest n. */
export interface PassAtK {
  '1': number;
  '5'?: number;
  '10'?: number;
}

/** What pass@k reads of a task's result. `samples` and `correct` are absent on results scored before attempts existed. */
export interface AttemptCounts {
  score: number;
  weight: number;
  answered: boolean;
  samples?: number;
  correct?: number;
}

/**
 * 1 − C(n−c, k)/C(n, k) for n attempts, c correct, 1 ≤ k ≤ n. The ratio is computed as the
 * product Π_{i = n−c+1..n} (1 − k/i) (each term in [0, 1)): no factorials, so no overflow or
 * cancellation whatever n. It is 1 when fewer than k attempts are wrong (every draw of k holds a
 * correct one).
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || k < 1 || k > n || c < 0 || c > n)
    throw new RangeError(`pass@k needs integers 1 ≤ k ≤ n and 0 ≤ c ≤ n (n = ${n}, c = ${c}, k = ${k})`);
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/**
 * A task result's n and c. A result stored before attempts existed was one output scored 0 or 1
 * against the default threshold 1: n = 1 and c = its score when answered, both 0 otherwise.
 */
export function attemptCounts(result: AttemptCounts): { samples: number; correct: number } {
  if (result.samples !== undefined && result.correct !== undefined) return { samples: result.samples, correct: result.correct };
  return result.answered ? { samples: 1, correct: result.score >= 1 ? 1 : 0 } : { samples: 0, correct: 0 };
}

const round6 = (value: number) => Math.min(1, Math.max(0, Math.round(value * 1e6) / 1e6));

/** A submission's pass@k from its task results (all of its version's tasks), rounded to 6 decimals like the score. */
export function submissionPassAtK(results: readonly AttemptCounts[]): PassAtK {
  const counted = results.map((result) => ({ weight: result.weight, ...attemptCounts(result) }));
  const answered = counted.filter((t) => t.samples > 0);
  const fewest = answered.length > 0 ? Math.min(...answered.map((t) => t.samples)) : 1;
  const totalWeight = counted.reduce((sum, t) => sum + t.weight, 0);
  const at = (k: number) => {
    if (totalWeight <= 0) return 0;
    const earned = answered.reduce((sum, t) => sum + t.weight * passAtK(t.samples, t.correct, k), 0);
    return round6(earned / totalWeight);
  };
  const passAt: PassAtK = { '1': at(1) };
  for (const k of PASS_AT_K) if (k > 1 && k <= fewest) passAt[String(k) as '5' | '10'] = at(k);
  return passAt;
}
