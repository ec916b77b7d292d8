// npm start [-- --persist]: runs the whole platform locally and prints how to reach it.
// Ctrl-C stops it cleanly: in-flight invocations finish and nothing is left listening.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { localJsonPath, STATE_DIR, writeLocalJson } from './state.ts';
import { startTwin } from './twin.ts';

const { values } = parseArgs({ options: { persist: { type: 'boolean', default: false } } });
const port = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

const started = performance.now();
const twin = await startTwin({
  persist: values.persist,
  stateDir: STATE_DIR,
  httpPort: port('PORT', 3000),
  wsPort: port('WS_PORT', 3001),
  issuerPort: port('ISSUER_PORT', 3002),
  lambdaPort: port('LAMBDA_PORT', 3003),
});
const file = writeLocalJson(twin.local);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const { local } = twin;

process.stdout.write(`
Scorecast local twin is up in ${seconds} s${values.persist ? ' (persisting to .scorecast/data)' : ' (in memory; --persist keeps data)'}

  HTTP API      ${local.http_url}
  WebSocket     ${local.ws_url}?token=<token>
  DynamoDB      ${local.dynamodb_endpoint}   table ${twin.engines.tableName}${twin.engines.external.dynamodb ? '   (external: SCORECAST_DYNAMODB_ENDPOINT)' : ''}
  SQS           ${local.sqs_endpoint}${twin.engines.external.sqs ? `   queues ${twin.engines.queueUrl(twin.engines.queueNames()[0]!).replace(/[^/]+$/, '')}…   (external: SCORECAST_SQS_ENDPOINT)` : ''}
  Token issuer  ${local.issuer_url}   (npm run token -- --tenant ${local.tenant_id} --role viewer)
  Lambda API    ${local.lambda_endpoint}   (npm run invoke -- whoami events/whoami.json)

  Tenant        ${local.tenant_id}
  admin         ${local.tokens.admin}
  maintainer    ${local.tokens.maintainer}
  viewer        ${local.tokens.viewer}
  agent         ${local.agent?.agent_id}   API key ${local.agent?.api_key}

  All of this is in ${file}. Try:
    curl ${local.http_url}/health
    curl -H "Authorization: Bearer $(node -p "require('./${localJsonPath()}').tokens.admin")" ${local.http_url}/v1/whoami

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
