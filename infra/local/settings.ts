// The declared settings (shared/contract/settings.ts, the wiring's `settings`) that `npm start` and `npm run invoke` hand the
// twin's functions: from the process environment, or from a `.env` file at the project root (the
// environment wins), each checked against its declared type before anything starts.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { integer, settingValueProblem, type SettingType } from '#shared/config/setting-types.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { DEMO_TENANT } from './seed.ts';

/** Variables the twin itself reads (never handed to functions); any other SCORECAST_ name is a typo. */
const port = integer(0, 65_535);
export const TWIN_VARIABLES: Readonly<Record<string, { default: string; description: string; type?: SettingType }>> = {
  PORT: { default: '3000', description: "The HTTP API's loopback port (0: any free port)", type: port },
  WS_PORT: { default: '3001', description: "The WebSocket API's loopback port", type: port },
  ISSUER_PORT: { default: '3002', description: "The local token issuer's loopback port", type: port },
  LAMBDA_PORT: { default: '3003', description: "The Lambda Invoke API's loopback port", type: port },
  CONSOLE_PORT: { default: '3004', description: "The web console's loopback port", type: port },
  SCORECAST_STATE_DIR: { default: '.scorecast', description: 'Where the twin keeps its state and local.json' },
  SCORECAST_NO_BUNDLE_CACHE: {
    default: '',
    description: '1: bundle every function afresh instead of reusing node_modules/.cache/scorecast-twin-bundles/',
  },
  SCORECAST_DYNAMODB_ENDPOINT: {
    default: '',
    description: 'An already running DynamoDB-compatible endpoint to use instead of the embedded dynalite',
  },
  SCORECAST_SQS_ENDPOINT: { default: '', description: 'An already running SQS-compatible endpoint to use instead of the embedded fauxqs' },
  SCORECAST_TABLE_NAME: {
    default: 'scorecast',
    description: 'The table the twin creates or uses on an external DynamoDB (twins sharing one engine each take their own)',
  },
  SCORECAST_QUEUE_PREFIX: { default: 'scorecast', description: 'The prefix of the queue names the twin creates or uses on an external SQS' },
  SCORECAST_ENV_FILE: { default: '.env', description: 'The file read for these variables (from the environment only, not from the file itself)' },
  SCORECAST_CHECK_RESPONSES: {
    default: '',
    description: "1: a 2xx body its route's schema in /openapi.json refuses becomes a 500 response_contract_violation (the tests set it)",
  },
};

/**
 * Settings the twin gives other values than the declaration: local receivers need loopback
 * webhooks (the cloud never allows them), and the demo tenant's admins list the platform's dead
 * letters (those naming no tenant). The environment and `.env` still override these.
 */
export const TWIN_SETTINGS: Readonly<Record<string, string>> = { WEBHOOK_ALLOW_LOOPBACK: 'true', OPERATOR_TENANT: DEMO_TENANT };

/** The value a setting has on the twin when nothing overrides it. */
export const twinDefault = (wiring: Wiring, name: string): string | undefined => TWIN_SETTINGS[name] ?? wiring.settings[name]?.default;

/** The `.env` file to read: SCORECAST_ENV_FILE, else `.env` in the working directory (the project root under npm). */
export const envFilePath = (env: NodeJS.ProcessEnv = process.env) => env.SCORECAST_ENV_FILE || '.env';

/**
 * Copies the variables of the `.env` file at `path` into `env`, except those `env` already has
 * (the environment wins), and answers the names it copied. No file: nothing (unless the path was
 * asked for by name — `required` — which throws).
 */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env, required = false): string[] {
  if (!existsSync(path)) {
    if (required) throw new Error(`SCORECAST_ENV_FILE names ${path}, which does not exist`);
    return [];
  }
  const copied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    copied.push(name);
  }
  return copied;
}

export interface EnvironmentSettings {
  /** Declared settings given a non-empty value (an empty one means "the default"). */
  values: Record<string, string>;
  /** Malformed values (settings, and the twin's ports), each naming the variable and what it expects: the start stops on any. */
  problems: string[];
  /** Names that look meant for Scorecast but are neither a declared setting nor the twin's own. */
  warnings: string[];
}

/** The declared settings found in `env`, checked against their declared types. Pure. */
export function settingsFromEnvironment(wiring: Wiring, env: Readonly<Record<string, string | undefined>>): EnvironmentSettings {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(wiring.settings)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const problem = settingValueProblem(name, setting.type, raw);
    if (problem) problems.push(problem);
    else values[name] = raw;
  }
  for (const [name, variable] of Object.entries(TWIN_VARIABLES)) {
    const raw = env[name];
    const problem = variable.type && raw !== undefined && raw.trim() !== '' ? settingValueProblem(name, variable.type, raw) : undefined;
    if (problem) problems.push(problem);
  }
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('SCORECAST_') && !(name in TWIN_VARIABLES) && !(name in wiring.settings))
    .map(
      (name) =>
        `${name} is neither a declared setting nor one of the twin's own variables (${Object.keys(TWIN_VARIABLES)
          .filter((n) => n.startsWith('SCORECAST_'))
          .join(', ')}); ignored`,
    );
  return { values, problems, warnings };
}

/** The given settings whose value differs from the twin's default, as `NAME=value` by name (for the start banner). */
export function settingsDifferingFromDefaults(wiring: Wiring, values: Readonly<Record<string, string>>): string[] {
  return Object.entries(values)
    .filter(([name, value]) => twinDefault(wiring, name) !== value)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
}

/**
 * `npm start`'s and `npm run invoke`'s settings from the process environment (with the `.env`
 * already loaded): prints each warning; on a malformed value prints what is wrong and ends the
 * process with exit code 1 — a configuration mistake, not a crash, so no stack trace.
 */
export function environmentSettingsOrExit(wiring: Wiring, command: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const { values, problems, warnings } = settingsFromEnvironment(wiring, env);
  for (const warning of warnings) process.stderr.write(`${command}: warning: ${warning}\n`);
  if (problems.length > 0) {
    process.stderr.write(
      `${command}: ${problems.length === 1 ? 'a setting is' : 'settings are'} malformed (from the environment or ${envFilePath(env)}):\n` +
        problems.map((problem) => `  ${problem}\n`).join('') +
        'See .env.example for every setting, its default and what it accepts.\n',
    );
    process.exit(1);
  }
  return values;
}

/** The start banner's settings line: what differs from the twin's defaults, and where it came from. */
export function settingsBanner(wiring: Wiring, values: Readonly<Record<string, string>>, fromEnvFile: readonly string[], envFile: string): string {
  const changed = settingsDifferingFromDefaults(wiring, values).map((entry) => {
    const name = entry.slice(0, entry.indexOf('='));
    return fromEnvFile.includes(name) ? `${entry}   (${envFile})` : entry;
  });
  if (changed.length === 0) return 'Settings      defaults (.env.example lists them)';
  return `Settings      ${changed.join('\n                ')}`;
}
