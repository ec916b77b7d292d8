// The twin's settings from the environment and `.env` (infra/local/settings.ts): what is taken,
// what is refused and why, what is only warned about, and `.env.example` kept in step with the
// declaration. Files live in a temp directory: nothing here touches the project's own `.env`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { wiringProblems } from '#infra/wiring-env.ts';
import { ENV_EXAMPLE_PATH, envExample } from '#infra/local/env-example.ts';
import { loadEnvFile, settingsBanner, settingsDifferingFromDefaults, settingsFromEnvironment, TWIN_VARIABLES } from '#infra/local/settings.ts';

const tempFile = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'scorecast-env-')), '.env');
  writeFileSync(path, content);
  return path;
};

describe('settingsFromEnvironment', () => {
  it('takes every declared setting the environment gives, and nothing else', () => {
    const { values, problems, warnings } = settingsFromEnvironment(wiring, {
      RATE_LIMIT_WRITE_PER_MINUTE: '5',
      WEBHOOK_RETRY_DELAYS_MS: '50,100,200',
      LOG_LEVEL: 'debug',
      HOME: '/root',
      PORT: '0',
    });
    expect(values).toEqual({ RATE_LIMIT_WRITE_PER_MINUTE: '5', WEBHOOK_RETRY_DELAYS_MS: '50,100,200', LOG_LEVEL: 'debug' });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('treats an empty value as "the default"', () => {
    expect(settingsFromEnvironment(wiring, { RATE_LIMIT_WRITE_PER_MINUTE: '' }).values).toEqual({});
  });

  it('refuses each malformed value, naming the variable and what it expects', () => {
    const { values, problems } = settingsFromEnvironment(wiring, {
      RATE_LIMIT_WRITE_PER_MINUTE: 'abc',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '1,99999',
      WEBHOOK_ALLOW_LOOPBACK: 'yes',
      JWT_ISSUERS: '[{"issuer":"https://a.example"}]',
      HEARTBEAT_TIMEOUT_SECONDS: '90',
    });
    expect(problems).toEqual([
      'JWT_ISSUERS=[{"issuer":"https://a.example"}]: entry 0 lacks a string "issuer" or "audience"; expected a JSON array of {"issuer","audience","jwks_uri"?,"token_use"?}',
      'WEBHOOK_ALLOW_LOOPBACK=yes: "yes" is neither true nor false; expected true or false',
      'WEBHOOK_RETRY_SCHEDULE_SECONDS=1,99999: 99999 is out of range; expected comma-separated whole numbers, each from 0 to 43200',
      'RATE_LIMIT_WRITE_PER_MINUTE=abc: "abc" is not a whole number; expected a whole number, at least 1',
    ]);
    expect(values).toEqual({ HEARTBEAT_TIMEOUT_SECONDS: '90' });
  });

  it("refuses a port of the twin's that is not one", () => {
    expect(settingsFromEnvironment(wiring, { PORT: '3000', WS_PORT: 'ws' }).problems).toEqual([
      'WS_PORT=ws: "ws" is not a whole number; expected a whole number from 0 to 65535',
    ]);
  });

  it("warns about SCORECAST_ names that are neither settings nor the twin's own", () => {
    const env = Object.fromEntries(Object.keys(TWIN_VARIABLES).map((name) => [name, 'x']));
    const { warnings } = settingsFromEnvironment(wiring, { ...env, SCORECAST_STATE_DIRECTORY: '/tmp/x' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^SCORECAST_STATE_DIRECTORY is neither a declared setting nor one of the twin's own variables \(.*SCORECAST_STATE_DIR,/,
    );
  });
});

describe('loadEnvFile', () => {
  it('adds what the file holds, except what the environment already has', () => {
    const path = tempFile(
      'RATE_LIMIT_WRITE_PER_MINUTE=5\n# a comment\nWEBHOOK_RETRY_SCHEDULE_SECONDS=3600\nJWT_ISSUERS=\'[{"issuer":"i","audience":"a"}]\'\n',
    );
    const env: Record<string, string> = { WEBHOOK_RETRY_SCHEDULE_SECONDS: '1' };
    expect(loadEnvFile(path, env).sort()).toEqual(['JWT_ISSUERS', 'RATE_LIMIT_WRITE_PER_MINUTE']);
    expect(env).toEqual({
      RATE_LIMIT_WRITE_PER_MINUTE: '5',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '1',
      JWT_ISSUERS: '[{"issuer":"i","audience":"a"}]',
    });
  });

  it('reads nothing without a file, unless the file was named (SCORECAST_ENV_FILE)', () => {
    const missing = join(tmpdir(), 'scorecast-no-such-dir', '.env');
    expect(loadEnvFile(missing, {})).toEqual([]);
    expect(() => loadEnvFile(missing, {}, true)).toThrow(`SCORECAST_ENV_FILE names ${missing}, which does not exist`);
  });
});

describe('the start banner', () => {
  it("lists the settings that differ from the twin's defaults, and which came from the .env file", () => {
    const values = { RATE_LIMIT_WRITE_PER_MINUTE: '5', WEBHOOK_ALLOW_LOOPBACK: 'true', LOG_LEVEL: 'INFO', WEBHOOK_RETRY_SCHEDULE_SECONDS: '1' };
    expect(settingsDifferingFromDefaults(wiring, values)).toEqual(['RATE_LIMIT_WRITE_PER_MINUTE=5', 'WEBHOOK_RETRY_SCHEDULE_SECONDS=1']);
    expect(settingsBanner(wiring, values, ['RATE_LIMIT_WRITE_PER_MINUTE'], '.env')).toBe(
      'Settings      RATE_LIMIT_WRITE_PER_MINUTE=5   (.env)\n                WEBHOOK_RETRY_SCHEDULE_SECONDS=1',
    );
    expect(settingsBanner(wiring, { LOG_LEVEL: 'INFO' }, [], '.env')).toBe('Settings      defaults (.env.example lists them)');
  });
});

describe('the declaration and .env.example', () => {
  it('gives every setting a default its own type accepts', () => {
    expect(wiringProblems(wiring)).toEqual([]);
    const broken = { ...wiring, settings: { ...wiring.settings, MAX_BODY_BYTES: { ...wiring.settings.MAX_BODY_BYTES, default: 'lots' } } };
    expect(wiringProblems(broken)).toEqual([
      'setting MAX_BODY_BYTES: its default is refused by its own type (MAX_BODY_BYTES=lots: "lots" is not a whole number; expected a whole number from 1 to 10485760)',
    ]);
  });

  it('.env.example is what the declaration generates (npx tsx infra/local/env-example.ts rewrites it)', () => {
    expect(readFileSync(ENV_EXAMPLE_PATH, 'utf8')).toBe(envExample(wiring));
  });

  it('.env.example lists every setting with its default, and parses to nothing but comments', () => {
    const example = envExample(wiring);
    for (const setting of Object.values(wiring.settings)) expect(example).toContain(`# ${setting.description}\n`);
    expect(example).toContain('# RATE_LIMIT_WRITE_PER_MINUTE=120\n');
    expect(loadEnvFile(tempFile(example), {})).toEqual([]);
    // Uncommented, every line is a valid value: copying the file to .env and uncommenting is safe.
    const uncommented = example.replace(/^# ([A-Z_]+=)/gm, '$1');
    const env: Record<string, string> = {};
    loadEnvFile(tempFile(uncommented), env);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(Object.keys(wiring.settings)));
    expect(settingsFromEnvironment(wiring, env)).toMatchObject({ problems: [], warnings: [] });
  });
});
