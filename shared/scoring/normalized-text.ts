// normalized_text: both sides NFKC-normalised, lower-cased, trimmed, and every run of Unicode
// whitespace inside collapsed to one space. Both must be strings.
import { fail, pass, type Scorer } from './types.ts';

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

export const normalizedTextScorer = (expected: string): Scorer => {
  const want = normalizeText(expected);
  return (output) => {
    if (typeof output !== 'string') return fail('output is not a string');
    return normalizeText(output) === want ? pass : fail('not equal to the expected text once normalised');
  };
};
