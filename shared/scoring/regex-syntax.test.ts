import { describe, expect, it } from 'vitest';
import { analysePattern, caseClosure, complement, normalize, PatternRefusal, type PatternFlags } from './regex-syntax.ts';

const plain: PatternFlags = { ignoreCase: false, multiline: false, dotAll: false };
const caseless: PatternFlags = { ...plain, ignoreCase: true };
const hex4 = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** Every UTF-16 code unit, once: matching a regex against it lists the units the regex accepts. */
const everyUnit = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join('');
const unitsMatching = (source: string, flags: string) =>
  normalize((everyUnit.match(new RegExp(source, `${flags}g`)) ?? []).map((m) => [m.charCodeAt(0), m.charCodeAt(0)] as const));

describe('analysePattern', () => {
  it('rewrites capture groups, named or not, as non-capturing and keeps everything else as written', () => {
    expect(analysePattern('^(yes|no)(?<why>: .+)?$', plain).source).toBe('^(?:yes|no)(?:: .+)?$');
    expect(analysePattern('(?:a)[(](\\()\\)', plain).source).toBe('(?:a)[(](?:\\()\\)');
  });

  it('keeps legacy escapes meaning what they meant: \\2 with one group is octal, \\c1 is a backslash', () => {
    expect(analysePattern('\\2(a)', plain).source).toBe('\\2(?:a)');
    expect(analysePattern('\\c1', plain).source).toBe('\\\\c1');
  });

  it('refuses lookarounds, backreferences and inline modifiers whatever the Node version', () => {
    for (const pattern of ['(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b']) {
      expect(() => analysePattern(pattern, plain)).toThrow(/lookahead and lookbehind/);
    }
    for (const pattern of ['(a)\\1', '(?<n>a)\\k<n>', '\\1(a)']) expect(() => analysePattern(pattern, plain)).toThrow(/backreferences/);
    expect(() => analysePattern('(?i:a)', plain)).toThrow(/inline modifiers/);
  });

  it('refuses counted repetitions the engine would copy more than 16 times', () => {
    expect(analysePattern('a{16}(?:b{4}){4}', plain).programSize).toBeGreaterThan(0);
    expect(() => analysePattern('a{17}', plain)).toThrow(/at most 16 times.*\{17\}/);
    expect(() => analysePattern('(?:a{5}){4}', plain)).toThrow(/\{5\} inside another count/);
    expect(() => analysePattern('(?:a{2,}){9}', plain)).toThrow(PatternRefusal);
  });

  it('refuses \\u{…} and \\p{…}, which mean something else without the u flag', () => {
    expect(() => analysePattern('\\u{1F600}', plain)).toThrow(/\\u\{…\} escapes need the u flag/);
    expect(() => analysePattern('[\\p{L}]', plain)).toThrow(/\\p\{…\} property classes/);
  });

  it('estimates a program that grows with classes, alternatives and counts', () => {
    const size = (pattern: string, flags = plain) => analysePattern(pattern, flags).programSize;
    expect(size('a')).toBeLessThan(size('abc'));
    expect(size('[a-z]')).toBeLessThan(size('\\s'));
    expect(size('a{2}')).toBeLessThan(size('a{2,16}'));
    expect(size('a')).toBeLessThan(size('a', caseless));
  });
});

describe('caseClosure (the i flag, as JavaScript reads it without u)', () => {
  it('adds the other cases of letters and leaves the rest', () => {
    expect(caseClosure([[0x61, 0x61]])).toEqual([
      [0x41, 0x41],
      [0x61, 0x61],
    ]);
    expect(caseClosure([[0x31, 0x31]])).toEqual([[0x31, 0x31]]);
    // ſ and the Kelvin sign upper-case to ASCII; the non-unicode rule leaves them alone.
    expect(caseClosure([[0x73, 0x73]])).toEqual([
      [0x53, 0x53],
      [0x73, 0x73],
    ]);
    expect(caseClosure([[0x6b, 0x6b]])).toEqual([
      [0x4b, 0x4b],
      [0x6b, 0x6b],
    ]);
  });

  it('agrees with V8 for every code unit that has another case', () => {
    const cased: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c);
      if (s.toUpperCase() !== s || s.toLowerCase() !== s) cased.push(c);
    }
    const wrong = cased.filter((c) => JSON.stringify(caseClosure([[c, c]])) !== JSON.stringify(unitsMatching(hex4(c), 'i')));
    expect(wrong.map((c) => c.toString(16))).toEqual([]);
  });

  it('agrees with V8 for ranges, negated classes and class escapes', () => {
    for (const source of [
      '[a-z]',
      '[\\u00c0-\\u024f]',
      '[\\u0370-\\u03ff]',
      '[\\u0400-\\u04ff]',
      '[\\W]',
      '[^\\w]',
      '[^a-z]',
      '[^\\u00e9]',
      '[\\d-z]',
    ]) {
      const analysed = analysePattern(source, caseless).source;
      expect([source, unitsMatching(analysed, '')]).toEqual([source, unitsMatching(source, 'i')]);
    }
  });
});

describe('range helpers', () => {
  it('normalises overlapping and adjacent ranges, and complements within UTF-16', () => {
    expect(
      normalize([
        [5, 6],
        [1, 2],
        [3, 4],
        [6, 9],
        [12, 12],
      ]),
    ).toEqual([
      [1, 9],
      [12, 12],
    ]);
    expect(
      complement([
        [0, 9],
        [20, 0xffff],
      ]),
    ).toEqual([[10, 19]]);
    expect(complement([])).toEqual([[0, 0xffff]]);
  });
});
