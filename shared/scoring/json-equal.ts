// json_equal: deep equality of JSON values, ignoring object key order. Arrays are ordered,
// numbers compare by value (1 and 1.0 are one JSON number), and no type is coerced ("1" ≠ 1).
import { fail, pass, type Scorer } from './types.ts';

type JsonObject = Record<string, unknown>;

/** Iterative, so an output nested 100,000 deep is compared rather than overflowing the stack. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (const [i, item] of x.entries()) pending.push([item, y[i]]);
      continue;
    }
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(y, key)) return false;
      pending.push([(x as JsonObject)[key], (y as JsonObject)[key]]);
    }
  }
  return true;
}

export const jsonEqualScorer =
  (expected: unknown): Scorer =>
  (output) =>
    jsonEqual(output, expected) ? pass : fail('not equal to the expected value');
