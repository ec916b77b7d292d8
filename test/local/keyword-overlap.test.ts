import { describe, expect, it } from 'vitest';
import { keywordOverlap, keywordsOf } from '#infra/local/keyword-overlap.ts';

describe('the example judge’s keyword overlap', () => {
  it('takes words of three letters or more, lower-cased, once, without common words', () => {
    expect(keywordsOf('The Capital of France is Paris, PARIS!')).toEqual(['capital', 'france', 'paris']);
    expect(keywordsOf({ answer: 42, unit: 'metres' })).toEqual(['answer', 'unit', 'metres']);
    expect(keywordsOf(null)).toEqual([]);
  });

  it('scores the share of the expected and rubric keywords the output says', () => {
    expect(keywordOverlap('Paris is the capital', 'Paris, capital of France', null)).toEqual({
      score: 0.6667,
      rationale: '2 of 3 keywords; missing: france',
    });
    expect(keywordOverlap('Paris, capital of France, on the Seine', 'Paris, capital of France', 'the Seine')).toEqual({
      score: 1,
      rationale: 'all 4 keywords present',
    });
    expect(keywordOverlap('nothing relevant', 'Paris', null)).toEqual({ score: 0, rationale: '0 of 1 keywords; missing: paris' });
    expect(keywordOverlap('anything', '', '')).toEqual({ score: 1, rationale: 'no keywords to look for' });
  });
});
