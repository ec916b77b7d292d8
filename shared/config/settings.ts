// The typed settings reader. A function names the settings it reads once, at module level — e.g.
// `const { HEARTBEAT_TIMEOUT_SECONDS } = readSettings({ HEARTBEAT_TIMEOUT_SECONDS })` with the
// declaration imported from shared/contract/settings.ts — and gets each parsed once, at cold
// start, through its declared type: a number, a boolean, a list… Defaults live in the declaration
// only: functionEnvironment() (infra/wiring-env.ts) sets every setting a function declares, from
// its default or an override, in the stack and the twin alike. So a missing or malformed one is a
// wiring or configuration mistake, and the cold start fails naming it and what it must be.
import type { SettingDecl } from '#shared/contract/declaration.ts';
import { type SettingValue, settingValueProblem } from './setting-types.ts';

/** The values of the settings `S` declares, each of its declared type. */
export type SettingValues<S extends Record<string, SettingDecl>> = { readonly [K in keyof S]: SettingValue<S[K]['type']> };

/** Why `raw` is no value of `setting`, naming it and what it must be; undefined when it is one. */
function problemOf(name: string, setting: SettingDecl, raw: string | undefined): string | undefined {
  if (raw === undefined) return `${name} is not set; expected ${setting.type.expects} (its function must declare it, infra/wiring.ts)`;
  return settingValueProblem(name, setting.type, raw);
}

function read<S extends Record<string, SettingDecl>>(declared: S, env: Readonly<Record<string, string | undefined>>, skipUnset: boolean) {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(declared)) {
    const raw = env[name];
    if (raw === undefined && skipUnset) continue;
    const problem = problemOf(name, setting, raw);
    if (problem) problems.push(problem);
    else values[name] = setting.type.parse(raw!);
  }
  if (problems.length > 0) throw new Error(`Refused setting${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`);
  return values;
}

/**
 * The declared settings `declared` (name → declaration, as shorthand properties of the imported
 * declarations), parsed from `env`. Throws, naming every missing or malformed one: called at module
 * level, that fails the cold start instead of a request.
 */
export function readSettings<const S extends Record<string, SettingDecl>>(
  declared: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SettingValues<S> {
  return read(declared, env, false) as SettingValues<S>;
}

/**
 * The same for shared code that only some of its functions configure — the @connections socket
 * pool (only the broadcast worker declares BROADCAST_POST_CONCURRENCY), the HTTP plumbing's rate
 * limits and audit retention (functionEnvironment sets only those its function's routes use): an
 * unset setting is left out, a set one is still parsed and refused like readSettings does.
 */
export function readSettingsIfSet<const S extends Record<string, SettingDecl>>(
  declared: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Partial<SettingValues<S>> {
  return read(declared, env, true) as Partial<SettingValues<S>>;
}
