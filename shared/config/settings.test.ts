import { describe, expect, it } from 'vitest';
import {
  JWT_ISSUERS,
  LOG_LEVEL,
  OPERATOR_TENANT,
  RATE_LIMIT_WRITE_PER_MINUTE,
  WEBHOOK_ALLOW_LOOPBACK,
  WEBHOOK_RETRY_DELAYS_MS,
  BROADCAST_POST_CONCURRENCY,
} from '#shared/contract/settings.ts';
import { readSettings, readSettingsIfSet } from './settings.ts';

describe('readSettings', () => {
  it('parses each declared setting through its type', () => {
    const values = readSettings(
      { RATE_LIMIT_WRITE_PER_MINUTE, WEBHOOK_ALLOW_LOOPBACK, WEBHOOK_RETRY_DELAYS_MS, LOG_LEVEL, JWT_ISSUERS, OPERATOR_TENANT },
      {
        RATE_LIMIT_WRITE_PER_MINUTE: ' 5 ',
        WEBHOOK_ALLOW_LOOPBACK: 'TRUE',
        WEBHOOK_RETRY_DELAYS_MS: '0, 250,1000',
        LOG_LEVEL: 'debug',
        JWT_ISSUERS: '[{"issuer":"https://id.example","audience":"app"}]',
        OPERATOR_TENANT: '',
      },
    );
    expect(values).toEqual({
      RATE_LIMIT_WRITE_PER_MINUTE: 5,
      WEBHOOK_ALLOW_LOOPBACK: true,
      WEBHOOK_RETRY_DELAYS_MS: [0, 250, 1000],
      LOG_LEVEL: 'DEBUG',
      JWT_ISSUERS: [{ issuer: 'https://id.example', audience: 'app' }],
      OPERATOR_TENANT: '',
    });
    // Typed by the declaration: these lines would not compile with the wrong types.
    const limit: number = values.RATE_LIMIT_WRITE_PER_MINUTE;
    const loopback: boolean = values.WEBHOOK_ALLOW_LOOPBACK;
    const delays: number[] = values.WEBHOOK_RETRY_DELAYS_MS;
    const audience: string | string[] = values.JWT_ISSUERS[0]!.audience;
    expect([limit, loopback, delays.length, audience]).toEqual([5, true, 3, 'app']);
  });

  it('reads only the settings it is given', () => {
    expect(readSettings({ WEBHOOK_ALLOW_LOOPBACK }, { WEBHOOK_ALLOW_LOOPBACK: 'false', RATE_LIMIT_WRITE_PER_MINUTE: 'lots' })).toEqual({
      WEBHOOK_ALLOW_LOOPBACK: false,
    });
  });

  it('refuses a missing setting, naming it and what it must be (no default outside the declaration)', () => {
    expect(() => readSettings({ RATE_LIMIT_WRITE_PER_MINUTE }, {})).toThrow(
      'Refused setting: RATE_LIMIT_WRITE_PER_MINUTE is not set; expected a whole number, at least 1',
    );
  });

  it('refuses malformed settings, naming each with its value and what it must be', () => {
    expect(() =>
      readSettings({ RATE_LIMIT_WRITE_PER_MINUTE, WEBHOOK_ALLOW_LOOPBACK }, { RATE_LIMIT_WRITE_PER_MINUTE: '0', WEBHOOK_ALLOW_LOOPBACK: 'yes' }),
    ).toThrow(
      'Refused settings: RATE_LIMIT_WRITE_PER_MINUTE=0: 0 is out of range; expected a whole number, at least 1; ' +
        'WEBHOOK_ALLOW_LOOPBACK=yes: "yes" is neither true nor false; expected true or false',
    );
    expect(() => readSettings({ RATE_LIMIT_WRITE_PER_MINUTE }, { RATE_LIMIT_WRITE_PER_MINUTE: '' })).toThrow('"" is not a whole number');
    expect(() => readSettings({ JWT_ISSUERS }, { JWT_ISSUERS: '{"issuer":"x"}' })).toThrow('JWT_ISSUERS={"issuer":"x"}: it is not a JSON array');
  });

  it('reads the process environment by default', () => {
    process.env.BROADCAST_POST_CONCURRENCY = '12';
    try {
      expect(readSettings({ BROADCAST_POST_CONCURRENCY })).toEqual({ BROADCAST_POST_CONCURRENCY: 12 });
    } finally {
      delete process.env.BROADCAST_POST_CONCURRENCY;
    }
  });
});

describe('readSettingsIfSet', () => {
  it('leaves out an unset setting and still refuses a malformed one', () => {
    expect(readSettingsIfSet({ BROADCAST_POST_CONCURRENCY }, {})).toEqual({});
    expect(readSettingsIfSet({ BROADCAST_POST_CONCURRENCY }, { BROADCAST_POST_CONCURRENCY: '8' })).toEqual({ BROADCAST_POST_CONCURRENCY: 8 });
    expect(() => readSettingsIfSet({ BROADCAST_POST_CONCURRENCY }, { BROADCAST_POST_CONCURRENCY: '0' })).toThrow('BROADCAST_POST_CONCURRENCY=0');
  });
});
