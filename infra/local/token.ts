// npm run -s token -- [--tenant T] [--role R] [--sub S] [--locations a,b] [--ttl SECONDS]
// Prints one JWT from the running twin's local issuer (its address is in .scorecast/local.json),
// and nothing else on stdout, so `TOKEN=$(npm run -s token -- …)` captures exactly the token.
import { commandLine, usageError, type CommandSpec } from './command-line.ts';
import { readLocalJson } from './state.ts';

const command = {
  usage: `Usage: npm run -s token -- [--tenant T] [--role R] [--sub S] [--locations a,b] [--ttl SECONDS]

Prints one JWT, signed by the running twin's token issuer, and nothing else on stdout:
  TOKEN=$(npm run -s token -- --tenant acme --role maintainer)
(-s keeps npm's own "> scorecast@… token" lines out of what $( ) captures.)

Options:
  --tenant T         the tenant (default: the demo tenant)
  --role R           admin, maintainer or viewer; repeat it or separate with commas (default: viewer)
  --sub S            the principal id (default: <tenant>-<first role>)
  --locations a,b    restrict the token to these locations (default: every location)
  --ttl SECONDS      lifetime (default: 12 hours)
  -h, --help         print this help
`,
  options: {
    tenant: { type: 'string' },
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    locations: { type: 'string' },
    ttl: { type: 'string' },
  },
} satisfies CommandSpec;

const { values } = commandLine(command);

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const local = readLocalJson();
if (!local) fail('No running twin found (.scorecast/local.json is missing): start it with `npm start`.');
const tenant = values.tenant ?? local.tenant_id;
const roles = (values.role ?? ['viewer']).flatMap((r) => r.split(',')).filter(Boolean);
const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0))
  usageError(command, `--ttl ${values.ttl} is not a number of seconds: use a whole number above 0.`);

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
