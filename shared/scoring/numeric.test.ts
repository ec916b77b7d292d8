import { describe, expect, it } from 'vitest';
import { numberOf, numericScorer } from './numeric.ts';

describe('numberOf', () => {
  it('reads numbers and trimmed decimal strings', () => {
    expect(numberOf(3)).toBe(3);
    expect(numberOf(' 3.0 ')).toBe(3);
    expect(numberOf('1e3')).toBe(1000);
    expect(numberOf('-2.5E-1')).toBe(-0.25);
    expect(numberOf('+.5')).toBe(0.5);
    expect(numberOf('7.')).toBe(7);
  });

  it('refuses anything that is not plain decimal notation', () => {
    for (const text of ['', '  ', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '1_000', '1,5', '1 000', '3 apples', '1e', '.', '1e999', '--1']) {
      expect(numberOf(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(numberOf(null)).toBeUndefined();
    expect(numberOf(true)).toBeUndefined();
    expect(numberOf([1])).toBeUndefined();
  });
});

describe('numeric', () => {
  it('requires an exact value by default', () => {
    const scorer = numericScorer(3);
    expect(scorer(' 3.0 ')).toEqual({ score: 1 });
    expect(scorer(3.0001)).toEqual({ score: 0, detail: 'outside the tolerance' });
    expect(scorer('three')).toEqual({ score: 0, detail: 'output is not a number' });
  });

  it('accepts within an absolute tolerance, boundary included despite binary rounding', () => {
    const scorer = numericScorer(1.1, 0.1);
    expect(scorer(1.2)).toEqual({ score: 1 });
    expect(scorer('1.0')).toEqual({ score: 1 });
    expect(scorer(1.2001)).toMatchObject({ score: 0 });
    expect(numericScorer(1000, 0.5)('1e3')).toEqual({ score: 1 });
  });

  it('scales a relative tolerance by |expected|', () => {
    const scorer = numericScorer(-200, 0.05, true);
    expect(scorer(-190)).toEqual({ score: 1 });
    expect(scorer(-210)).toEqual({ score: 1 });
    expect(scorer(-189)).toMatchObject({ score: 0 });
    // The same 0.05 as an absolute tolerance is far stricter.
    expect(numericScorer(-200, 0.05)(-190)).toMatchObject({ score: 0 });
    expect(numericScorer(0, 0.5, true)(0.0001)).toMatchObject({ score: 0 });
  });
});
