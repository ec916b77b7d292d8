// npm start [-- --persist]: runs the whole platform locally and prints how to reach it.
// Ctrl-C stops it cleanly: in-flight invocations finish and nothing is left listening.
import { ENV_FILE, fromEnvFile } from './env-file.ts'; // first: .env joins the environment before anything reads it
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { commandLine, usageError, type CommandSpec } from './command-line.ts';
import { portErrorMessage, readPorts, type Ports } from './ports.ts';
import { STATE_DIR, writeLocalJson } from './state.ts';
import { startTwin, type Twin } from './twin.ts';
import { wiring } from '#infra/wiring.ts';
import { environmentSettingsOrExit, settingsBanner } from './settings.ts';
import { signInLinks } from './console-twin.ts';
import { DEMO_ROLES } from './seed.ts';

const command = {
  usage: `Usage: npm start [-- --persist]

Runs the whole platform on 127.0.0.1 (HTTP and WebSocket APIs, DynamoDB, SQS, a token issuer, the
Lambda API, the web console) with a demo tenant, prints how to reach it and writes it to .scorecast/local.json.
Ctrl-C stops it.

Options:
  --persist     keep the data in .scorecast/data across restarts (default: in memory)
  -h, --help    print this help

Environment:
  PORT, WS_PORT, ISSUER_PORT, LAMBDA_PORT, CONSOLE_PORT
                                            its ports (3000, 3001, 3002, 3003, 3004; 0 picks a free one)
  SCORECAST_STATE_DIR                       where it keeps its state (default .scorecast)
`,
  options: { persist: { type: 'boolean', default: false } },
} satisfies CommandSpec;

const { values } = commandLine(command);
const read = readPorts(process.env);
if ('error' in read) usageError(command, read.error);
const { ports } = read;

/**
 * Fails fast when a port is taken, before anything starts: a second `npm start -- --persist` would
 * otherwise open the first one's data directory. The twin's own listens still catch a later race.
 */
async function ensurePortsFree(wanted: Ports): Promise<void> {
  for (const port of Object.values(wanted)) {
    if (port === 0) continue;
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const settings = environmentSettingsOrExit(wiring, 'npm start');
const started = performance.now();
let twin: Twin;
try {
  await ensurePortsFree(ports);
  twin = await startTwin({
    settings,
    persist: values.persist,
    stateDir: STATE_DIR,
    httpPort: ports.PORT,
    wsPort: ports.WS_PORT,
    issuerPort: ports.ISSUER_PORT,
    lambdaPort: ports.LAMBDA_PORT,
    consolePort: ports.CONSOLE_PORT,
  });
} catch (error) {
  const message = portErrorMessage(error, ports); // a port taken: one line, no stack trace
  if (!message) throw error;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
const file = writeLocalJson(twin.local);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const { local } = twin;
const links = local.console_url ? signInLinks(local.issuer_url, local.console_url, DEMO_ROLES) : {};
const consoleBanner = local.console_url
  ? `  Console       ${local.console_url}   (open it and sign in; or one click as a demo user:)
${DEMO_ROLES.map((role) => `    ${role.padEnd(12)}${links[role]}`).join('\n')}
`
  : '';

process.stdout.write(`
Scorecast local twin is up in ${seconds} s${values.persist ? ` (persisting to ${join(STATE_DIR, 'data')})` : ' (in memory; --persist keeps data)'}

  HTTP API      ${local.http_url}
  WebSocket     ${local.ws_url}?token=<token>
  DynamoDB      ${local.dynamodb_endpoint}   table ${twin.engines.tableName}${twin.engines.external.dynamodb ? '   (external: SCORECAST_DYNAMODB_ENDPOINT)' : ''}
  SQS           ${local.sqs_endpoint}${twin.engines.external.sqs ? `   queues ${twin.engines.queueUrl(twin.engines.queueNames()[0]!).replace(/[^/]+$/, '')}…   (external: SCORECAST_SQS_ENDPOINT)` : ''}
  Token issuer  ${local.issuer_url}   (npm run -s token -- --tenant ${local.tenant_id} --role viewer)
  Lambda API    ${local.lambda_endpoint}   (npm run invoke -- whoami events/whoami.json)
${consoleBanner}  ${settingsBanner(wiring, settings, fromEnvFile, ENV_FILE)}

  Tenant        ${local.tenant_id}
  admin         ${local.tokens.admin}
  maintainer    ${local.tokens.maintainer}
  viewer        ${local.tokens.viewer}
  agent         ${local.agent?.agent_id}   API key ${local.agent?.api_key}

  All of this is in ${file}. Try:
    curl ${local.http_url}/health
    curl -H "Authorization: Bearer $(node -p "require('${isAbsolute(file) ? file : `./${file}`}').tokens.admin")" ${local.http_url}/v1/whoami

Ctrl-C to stop.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping (letting in-flight work finish)…\n`);
  await twin.stop();
  rmSync(file, { force: true });
  process.stdout.write('Stopped.\n');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
