// `.env.example`, generated from the declaration: every setting with its default, what it means and
// what it accepts, then the twin's own variables. `npx tsx infra/local/env-example.ts` rewrites it;
// test/local/settings.test.ts fails while the committed file differs from what this generates.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Wiring } from '#infra/wiring-types.ts';
import { TWIN_SETTINGS, TWIN_VARIABLES } from './settings.ts';

export const ENV_EXAMPLE_PATH = fileURLToPath(new URL('../../.env.example', import.meta.url));

export function envExample(wiring: Wiring): string {
  const lines = [
    '# Settings for the local twin (npm start, npm run invoke). Copy this file to .env (git-ignored) and',
    '# uncomment what you change; a variable set in the environment wins over .env. A malformed value',
    "# stops the start with a message naming it. Deployed stacks take settings from cdk.json's",
    '# scorecast:settings context instead. Generated from shared/contract/settings.ts by',
    '# `npx tsx infra/local/env-example.ts`; do not edit by hand.',
    '',
    '# ---- Function settings (shared/contract/settings.ts) ----',
  ];
  for (const [name, setting] of Object.entries(wiring.settings)) {
    lines.push('', `# ${setting.description}`, `# Accepts ${setting.type.expects}.`);
    const twin = TWIN_SETTINGS[name];
    if (twin !== undefined) lines.push(`# Declared default ${setting.default}; the twin's default is ${twin}.`);
    if (name === 'JWT_ISSUERS') lines.push('# On the twin these issuers are trusted besides its local issuer.');
    lines.push(`# ${name}=${quoted(twin ?? setting.default)}`);
  }
  lines.push('', "# ---- The twin's own variables ----");
  for (const [name, variable] of Object.entries(TWIN_VARIABLES)) {
    if (name === 'SCORECAST_ENV_FILE') continue; // read before the file, so never from it
    lines.push('', `# ${variable.description}`);
    if (variable.type) lines.push(`# Accepts ${variable.type.expects}.`);
    lines.push(`# ${name}=${quoted(variable.default)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Values with characters a .env line would misread are single-quoted (parseEnv keeps them verbatim). */
const quoted = (value: string) => (/[\s#"'`]/.test(value) ? `'${value}'` : value);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { wiring } = await import('#infra/wiring.ts');
  writeFileSync(ENV_EXAMPLE_PATH, envExample(wiring));
  process.stdout.write(`Wrote ${ENV_EXAMPLE_PATH}\n`);
}
