import { describe, expect, it } from 'vitest';
import { normalizedTextScorer, normalizeText } from './normalized-text.ts';

describe('normalized_text', () => {
  it('applies NFKC: ligatures and full-width forms become their plain letters and digits', () => {
    expect(normalizeText('ﬁne')).toBe('fine');
    expect(normalizeText('１２３')).toBe('123');
    expect(normalizeText('Ｐａｒｉｓ')).toBe('paris');
  });

  it('lower-cases, trims, and collapses any run of Unicode whitespace to one space', () => {
    expect(normalizeText('  The\t\tQuick \n Fox\u00a0\u2003Jumps  ')).toBe('the quick fox jumps');
  });

  it('scores equal normalised texts 1', () => {
    const scorer = normalizedTextScorer('The Final  Answer');
    expect(scorer('the ﬁnal answer')).toEqual({ score: 1 });
    expect(scorer(' THE FINAL\nANSWER ')).toEqual({ score: 1 });
    expect(scorer('the finalanswer')).toEqual({ score: 0, detail: 'not equal to the expected text once normalised' });
  });

  it('scores a non-string output 0', () => {
    expect(normalizedTextScorer('1')(1)).toEqual({ score: 0, detail: 'output is not a string' });
  });
});
