// npm run token -- --tenant T --role R [--sub S] [--locations a,b] [--ttl SECONDS]
// Prints one JWT from the running twin's local issuer (its address is in .scorecast/local.json).
import { parseArgs } from 'node:util';
import { readLocalJson } from './state.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    locations: { type: 'string' },
    ttl: { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const local = readLocalJson();
if (!local) fail('No running twin found (.scorecast/local.json is missing): start it with `npm start`.');
const tenant = values.tenant ?? local.tenant_id;
const roles = (values.role ?? ['viewer']).flatMap((r) => r.split(',')).filter(Boolean);
const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttlSeconds !== undefined && !Number.isFinite(ttlSeconds)) fail('--ttl must be a number of seconds');

const response = await fetch(`${local.issuer_url}/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    tenant,
    roles,
    sub: values.sub,
    locations: values.locations?.split(',').filter(Boolean),
    ttlSeconds,
  }),
}).catch(() => fail(`The twin's issuer at ${local.issuer_url} does not answer: is \`npm start\` running?`));
if (!response.ok) fail(`The issuer refused: ${await response.text()}`);
const { token } = (await response.json()) as { token: string };
process.stdout.write(`${token}\n`);
