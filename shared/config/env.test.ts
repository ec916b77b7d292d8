import { afterEach, describe, expect, it } from 'vitest';
import { integerEnv, requiredEnv, requiredIntegerEnv, requiredJsonEnv } from './env.ts';

const NAME = 'SCORECAST_ENV_TEST_SETTING';
afterEach(() => {
  delete process.env[NAME];
});

describe('wiring variables', () => {
  it('fails a required variable that is missing or empty, naming it', () => {
    expect(() => requiredEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
    process.env[NAME] = '';
    expect(() => requiredEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
    expect(() => requiredJsonEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
  });

  it('reads JSON, and refuses what is not JSON, naming it', () => {
    process.env[NAME] = '{"scoring":"http://q"}';
    expect(requiredJsonEnv(NAME)).toEqual({ scoring: 'http://q' });
    process.env[NAME] = '{';
    expect(() => requiredJsonEnv(NAME)).toThrow(`Environment variable ${NAME} is not valid JSON`);
  });
});

describe('integer variables (until shared/http/ reads its settings through readSettings)', () => {
  it('reads a set integer', () => {
    process.env[NAME] = '42';
    expect(requiredIntegerEnv(NAME)).toBe(42);
    expect(integerEnv(NAME, 7)).toBe(42);
  });

  it('fails a required one that is missing or empty, naming it', () => {
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
    process.env[NAME] = '';
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Missing environment variable ${NAME}`);
  });

  it('fails a malformed one, naming it', () => {
    process.env[NAME] = '3.5';
    expect(() => requiredIntegerEnv(NAME)).toThrow(`Environment variable ${NAME} must be an integer`);
    process.env[NAME] = 'thirty';
    expect(() => integerEnv(NAME, 1)).toThrow(NAME);
  });

  it('leaves an unset one to its fallback', () => {
    expect(integerEnv(NAME, 7)).toBe(7);
  });
});
