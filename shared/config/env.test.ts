import { afterEach, describe, expect, it } from 'vitest';
import { integerEnv, optionalIntegerEnv, requiredIntegerEnv } from './env.ts';

const NAME = 'SCORECAST_ENV_TEST_SETTING';
afterEach(() => {
  delete process.env[NAME];
});

describe('integer settings', () => {
  it('reads a set integer', () => {
    process.env[NAME] = '42';
    expect(requiredIntegerEnv(NAME)).toBe(42);
    expect(optionalIntegerEnv(NAME)).toBe(42);
    expect(integerEnv(NAME, 7)).toBe(42);
  });

  it('fails a required setting that is missing or empty, naming it', () => {
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
    process.env[NAME] = '';
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
  });

  it('fails a malformed setting, naming it', () => {
    process.env[NAME] = '3.5';
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Environment variable ${NAME} must be an integer`);
    expect(() => optionalIntegerEnv(NAME)).toThrow(NAME);
    process.env[NAME] = 'thirty';
    expect(() => integerEnv(NAME, 1)).toThrow(NAME);
  });

  it('leaves an unset optional setting undefined (or the fallback)', () => {
    expect(optionalIntegerEnv(NAME)).toBeUndefined();
    expect(integerEnv(NAME, 7)).toBe(7);
  });
});
