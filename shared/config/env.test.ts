import { afterEach, describe, expect, it } from 'vitest';
import { requiredEnv, requiredJsonEnv } from './env.ts';

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
