// exact: strings are equal once surrounding whitespace is trimmed; any other JSON value is
// compared as json_equal (so a number never equals its string).
import { jsonEqual } from './json-equal.ts';
import { fail, pass, type Scorer } from './types.ts';

export const exactScorer =
  (expected: unknown): Scorer =>
  (output) => {
    if (typeof expected === 'string') {
      if (typeof output !== 'string') return fail('output is not a string');
      return output.trim() === expected.trim() ? pass : fail('not equal to the expected text');
    }
    return jsonEqual(output, expected) ? pass : fail('not equal to the expected value');
  };
