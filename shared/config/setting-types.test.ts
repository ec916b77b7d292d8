import { describe, expect, it } from 'vitest';
import { boolean, integer, integerList, json, oneOf, optional, settingValueProblem, text } from './setting-types.ts';

describe('setting types', () => {
  it('integer: whole numbers within the range only', () => {
    const perMinute = integer(1, 1000);
    expect(['1', '120', ' 1000 '].map(perMinute.problem)).toEqual([undefined, undefined, undefined]);
    expect(perMinute.problem('abc')).toBe('"abc" is not a whole number');
    expect(perMinute.problem('1.5')).toBe('"1.5" is not a whole number');
    expect(perMinute.problem('1e3')).toBe('"1e3" is not a whole number');
    expect(perMinute.problem('0')).toBe('0 is out of range');
    expect(perMinute.problem('1001')).toBe('1001 is out of range');
    expect(perMinute.expects).toBe('a whole number from 1 to 1000');
    expect(integer(1).expects).toBe('a whole number, at least 1');
    expect(integer(0).problem('99999999')).toBeUndefined();
  });

  it('integerList: one or more whole numbers, each within the range', () => {
    const schedule = integerList(0, 43_200);
    expect(schedule.problem('30,300, 1800')).toBeUndefined();
    expect(schedule.problem('1')).toBeUndefined();
    expect(schedule.problem('50,abc')).toBe('"abc" is not a whole number');
    expect(schedule.problem('50,-1')).toBe('-1 is out of range');
    expect(schedule.problem(',')).toBe('no number given');
    expect(schedule.expects).toBe('comma-separated whole numbers, each from 0 to 43200');
  });

  it('boolean, oneOf, text', () => {
    expect(['true', 'FALSE', 'True'].map(boolean.problem)).toEqual([undefined, undefined, undefined]);
    expect(boolean.problem('yes')).toBe('"yes" is neither true nor false');
    const level = oneOf(['DEBUG', 'INFO'], { caseInsensitive: true });
    expect(level.problem('debug')).toBeUndefined();
    expect(level.problem('LOUD')).toBe('"LOUD" is not one of them');
    expect(oneOf(['a']).problem('A')).toBe('"A" is not one of them');
    expect(text.problem('custom:tenant_id')).toBeUndefined();
    expect(text.problem(' x')).toBe('it has surrounding spaces');
  });

  it('json: parses, then checks the shape', () => {
    const list = json('a JSON array', (v) => (Array.isArray(v) ? undefined : 'it is not a JSON array'));
    expect(list.problem('[]')).toBeUndefined();
    expect(list.problem('{}')).toBe('it is not a JSON array');
    expect(list.problem('[1,')).toBe('it is not valid JSON');
  });

  it('parses an accepted value to its type', () => {
    expect(integer(0).parse(' 42 ')).toBe(42);
    expect(integerList(0).parse(' 30, 300 ,1800')).toEqual([30, 300, 1800]);
    expect(integerList(0).problem('1.5')).toBe('"1.5" is not a whole number');
    expect(integerList(0).problem('')).toBe('no number given');
    expect([boolean.parse('TRUE'), boolean.parse('false')]).toEqual([true, false]);
    expect(oneOf(['DEBUG', 'INFO'], { caseInsensitive: true }).parse(' debug')).toBe('DEBUG');
    expect(json<number[]>('a list').parse('[1,2]')).toEqual([1, 2]);
    expect(text.parse('custom:tenant_id')).toBe('custom:tenant_id');
    expect([optional(text).parse(''), optional(integer(1)).parse('3')]).toEqual(['', 3]);
    expect(optional(integer(1)).problem('0')).toBe('0 is out of range');
  });

  it('names the variable, its value and what it expects', () => {
    expect(settingValueProblem('RATE_LIMIT_WRITE_PER_MINUTE', integer(1), 'abc')).toBe(
      'RATE_LIMIT_WRITE_PER_MINUTE=abc: "abc" is not a whole number; expected a whole number, at least 1',
    );
    expect(settingValueProblem('RATE_LIMIT_WRITE_PER_MINUTE', integer(1), '5')).toBeUndefined();
  });
});
