import { describe, expect, it } from 'vitest';
import { compileRegex, MAX_REGEX_OUTPUT_LENGTH, MAX_REGEX_PROGRAM_SIZE, MAX_REGEX_WORK, regexScorer, type CompiledRegex } from './regex.ts';

const compiled = (pattern: string, flags = ''): CompiledRegex => {
  const regex = compileRegex(pattern, flags);
  if (typeof regex === 'string') throw new Error(regex);
  return regex;
};
const score = (pattern: string, output: unknown, flags = '') => regexScorer(compiled(pattern, flags))(output);

describe('regex scorer', () => {
  it('matches anywhere in the output unless the pattern is anchored', () => {
    expect(score('Paris', 'The capital is Paris.')).toEqual({ score: 1 });
    expect(score('^Paris$', 'The capital is Paris.')).toEqual({ score: 0, detail: 'no match' });
    expect(score('^\\s*(?:yes|no)\\s*$', '  yes\n')).toEqual({ score: 1 });
  });

  it('honours the i, m and s flags', () => {
    expect(score('paris', 'PARIS').score).toBe(0);
    expect(score('paris', 'PARIS', 'i').score).toBe(1);
    expect(score('^café$', 'CAFÉ', 'i').score).toBe(1);
    expect(score('^b$', 'a\nb').score).toBe(0);
    expect(score('^b$', 'a\nb', 'm').score).toBe(1);
    expect(score('a.b', 'a\nb').score).toBe(0);
    expect(score('a.b', 'a\nb', 's').score).toBe(1);
    expect(score('^(\\d+) (apples|pears)$', '12 PEARS', 'im').score).toBe(1);
  });

  it('scores 0 for outputs that are not strings, or too long to check', () => {
    expect(score('1', 1)).toEqual({ score: 0, detail: 'output is not a string' });
    expect(score('a', 'a'.repeat(MAX_REGEX_OUTPUT_LENGTH + 1))).toEqual({
      score: 0,
      detail: `output is longer than the ${MAX_REGEX_OUTPUT_LENGTH} characters this pattern can check`,
    });
    expect(score('a$', `${' '.repeat(MAX_REGEX_OUTPUT_LENGTH - 1)}a`).score).toBe(1);
  });

  it('gives a complex pattern a shorter output bound, so its work stays within MAX_REGEX_WORK', () => {
    const big = compiled(`^(?:${Array.from({ length: 60 }, (_, i) => `answer${i}`).join('|')})$`);
    expect(big.maxOutputLength).toBeLessThan(MAX_REGEX_OUTPUT_LENGTH);
    expect(big.maxOutputLength).toBeGreaterThanOrEqual(MAX_REGEX_WORK / MAX_REGEX_PROGRAM_SIZE - 1);
    expect(regexScorer(big)('answer42').score).toBe(1);
  });

  // No wall-clock bound here (a flake on a loaded 2-core machine): on these inputs a backtracking
  // engine would run for longer than the universe has existed, so finishing at all is the proof;
  // the linear engine takes milliseconds (measured bounds in regex.ts's header).
  describe('against catastrophic backtracking', () => {
    const hostile: [string, string, boolean][] = [
      ['(a+)+$', `${'a'.repeat(30_000)}!`, false],
      ['(a|aa)+$', `${'a'.repeat(30_000)}!`, false],
      ['(x+x+)+y', 'x'.repeat(30_000), false],
      ['^(([a-z])+.)+[A-Z]([a-z])+$', `${'a'.repeat(30_000)}!`, false],
      ['^(\\w+\\s?)*$', `${'word '.repeat(6_000)}!`, false],
      ['(.*a){12}', 'a'.repeat(30_000), true],
    ];
    for (const [pattern, input, matches] of hostile) {
      it(`runs ${pattern} on ${input.length} adversarial characters to the end`, () => {
        expect(compiled(pattern).test(input)).toBe(matches);
      });
    }

    // Linear is not free: a big program keeps many threads alive on every character.
    const heaviest: [string, string][] = [
      [`${'a'.repeat(990)}b`, ''],
      [`${'a'.repeat(450)}b`, 'i'],
      [`${'(?:.?){16}'.repeat(4)}b`, ''],
      [`${'[ab]'.repeat(240)}c`, ''],
    ];
    for (const [pattern, flags] of heaviest) {
      it(`checks the longest output a heavy pattern allows (${pattern.slice(0, 12)}…/${flags})`, () => {
        const regex = compiled(pattern, flags);
        expect(regex.test('a'.repeat(regex.maxOutputLength))).toBe(false);
      });
    }
  });

  describe('refusals at creation', () => {
    const refused = (pattern: string, flags = '') => {
      const regex = compileRegex(pattern, flags);
      expect(typeof regex).toBe('string');
      return regex as string;
    };

    it('says why a backreference or a lookaround cannot run', () => {
      expect(refused('(a)\\1')).toMatch(/backreferences .* not supported by the linear-time regex engine/);
      expect(refused('(?<word>\\w+) \\k<word>')).toMatch(/backreferences/);
      expect(refused('(?<=\\$)\\d+')).toMatch(/lookahead and lookbehind assertions .* not supported/);
      expect(refused('foo(?!bar)')).toMatch(/lookahead and lookbehind/);
    });

    it('refuses invalid syntax, unsupported flags, long patterns and too many copies', () => {
      expect(refused('(')).toMatch(/^regex pattern is not valid: Invalid regular expression/);
      expect(refused('a', 'u')).toMatch(/flag 'u' is not supported/);
      expect(refused('a', 'g')).toMatch(/flag 'g' is not allowed/);
      expect(refused('a', 'ii')).toMatch(/flag 'i' is repeated/);
      expect(refused('a'.repeat(1_001))).toBe('regex pattern is longer than 1000 characters');
      expect(refused('\\d{20}')).toMatch(/at most 16 times/);
      expect(refused('\\s'.repeat(100))).toMatch(/too complex .*program size \d+, at most 2000/);
    });
  });

  it('fuzz: random patterns compile and agree with JavaScript, or are refused — never throw', () => {
    let seed = 0x5eed;
    const random = () => {
      // mulberry32: a fixed seed keeps failures reproducible.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const tokens = [
      'a',
      'b',
      'A',
      'é',
      'K',
      'ſ',
      '.',
      '\\d',
      '\\w',
      '\\s',
      '\\W',
      '\\b',
      '\\B',
      '^',
      '$',
      '|',
      '(',
      ')',
      '(?:',
      '(?<n>',
      '[',
      '[^',
      ']',
      '-',
      '*',
      '+',
      '?',
      '*?',
      '{2}',
      '{1,3}',
      '{2,}',
      '{,2}',
      '{',
      '}',
      '\\1',
      '\\2',
      '\\x41',
      '\\u0061',
      '\\cA',
      '\\c1',
      '\\0',
      '\\12',
      '\\-',
      '\\]',
      '\\.',
      ' ',
      '(?=',
      '(?<=',
      '(?!',
      '\\k<n>',
      '{17}',
      '\\S',
      '\\D',
      '\\uffff',
      '\\n',
      '[^\\s\\S]',
      '[\\0-\\uffff]',
    ] as const;
    const letters = [
      'a',
      'b',
      'A',
      'B',
      'é',
      'É',
      'k',
      'K',
      '\u212a',
      'ſ',
      's',
      'S',
      '1',
      ' ',
      '\n',
      '-',
      ']',
      '\x01',
      '\0',
      '\\',
      '\uffff',
      '\u2028',
    ];
    const expectedRefusal = /not valid|not supported|at most 16 times|need the u flag|too complex|is longer than/;

    let ran = 0;
    for (let i = 0; i < 500; i++) {
      const pattern = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(tokens)).join('');
      const flags = pick(['', 'i', 'm', 's', 'is', 'im']);
      const regex = compileRegex(pattern, flags);
      let native: RegExp | undefined;
      try {
        native = new RegExp(pattern, flags);
      } catch {
        native = undefined;
      }
      if (typeof regex === 'string') {
        expect(regex, `/${pattern}/${flags}`).toMatch(expectedRefusal);
        if (native) expect(regex, `/${pattern}/${flags}`).not.toMatch(/not valid/);
        continue;
      }
      expect(native, `/${pattern}/${flags} compiled but JavaScript refuses it`).toBeDefined();
      ran++;
      for (let j = 0; j < 20; j++) {
        const input = Array.from({ length: Math.floor(random() * 8) }, () => pick(letters)).join('');
        expect([pattern, flags, input, regex.test(input)]).toEqual([pattern, flags, input, native!.test(input)]);
      }
      // A long output runs to the end whatever the pattern (a backtracking engine would not).
      expect(typeof regex.test(`${'aé '.repeat(3_000)}!`), pattern).toBe('boolean');
    }
    // The alphabet must leave plenty of patterns that run, or the comparison proves little.
    expect(ran).toBeGreaterThan(150);
  });
});
