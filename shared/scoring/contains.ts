// contains: every one of `values` appears in the output, as a case-sensitive substring.
import { fail, pass, type Scorer } from './types.ts';

export const containsScorer =
  (values: readonly string[]): Scorer =>
  (output) => {
    if (typeof output !== 'string') return fail('output is not a string');
    const missing = values.filter((value) => !output.includes(value)).length;
    return missing === 0 ? pass : fail(`${missing} of ${values.length} values not found`);
  };
