// numeric: the output (a number, or a string holding one decimal number) is within `tolerance`
// of the expected number: |a − e| ≤ tolerance, or ≤ tolerance × |e| when `relative`.
import { fail, pass, type Scorer } from './types.ts';

// Plain decimal notation only: no hex, no separators, no NaN or Infinity, nothing around it.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number an output states, or undefined if it states none. */
export function numberOf(output: unknown): number | undefined {
  if (typeof output === 'number') return Number.isFinite(output) ? output : undefined;
  if (typeof output !== 'string') return undefined;
  const text = output.trim();
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export const numericScorer = (expected: number, tolerance = 0, relative = false): Scorer => {
  const bound = relative ? tolerance * Math.abs(expected) : tolerance;
  return (output) => {
    const actual = numberOf(output);
    if (actual === undefined) return fail('output is not a number');
    // Slack of a few ulps, so 1.0 is within 0.1 of 1.1 despite binary rounding.
    const slack = 8 * Number.EPSILON * Math.max(Math.abs(actual), Math.abs(expected));
    return Math.abs(actual - expected) <= bound + slack ? pass : fail('outside the tolerance');
  };
};
