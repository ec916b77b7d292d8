// The example judge's rubric (npm run judge): keyword overlap. The keywords are the words of the
// task's expected value and of its rubric (three letters or more, lower-cased, common words left
// out); the score is the share of them the output contains, the rationale says which are missing.
// Deterministic, so a test can predict it. Plain TypeScript.

const STOP_WORDS = new Set(
  'the and for are but not you all any can had her was one our out has him his how its may new now old see two way who did get let put say she too use with that this from they will your have what when which their there been were them than then into only also each must should would could about'.split(
    ' ',
  ),
);

/** The distinct keywords of a value: words of three letters or more, lower-cased, common ones left out, in order of appearance. */
export function keywordsOf(value: unknown): string[] {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3 && !STOP_WORDS.has(word)))];
}

export interface Verdict {
  score: number;
  rationale: string;
}

/** The share of the expected value's and rubric's keywords the output contains (1 when there are none to look for). */
export function keywordOverlap(output: unknown, expected: unknown, rubric: string | null | undefined): Verdict {
  const keywords = [...new Set([...keywordsOf(expected), ...keywordsOf(rubric)])];
  if (keywords.length === 0) return { score: 1, rationale: 'no keywords to look for' };
  const said = new Set(keywordsOf(output));
  const missing = keywords.filter((keyword) => !said.has(keyword));
  const found = keywords.length - missing.length;
  const score = Math.round((found / keywords.length) * 10_000) / 10_000;
  return {
    score,
    rationale:
      missing.length === 0 ? `all ${keywords.length} keywords present` : `${found} of ${keywords.length} keywords; missing: ${missing.join(', ')}`,
  };
}
