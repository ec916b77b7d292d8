// npm run invoke -- <function-name> events/<file>.json
// Runs one declared function with a sample event: inside the running twin when there is one
// (through its Lambda Invoke API), otherwise in a twin started just for this call.
import './env-file.ts'; // first: .env joins the environment before anything reads it
import { readFileSync } from 'node:fs';
import { wiring } from '#infra/wiring.ts';
import { join } from 'node:path';
import { commandLine, usageError, type CommandSpec } from './command-line.ts';
import { environmentSettingsOrExit } from './settings.ts';
import { readLocalJson, STATE_DIR } from './state.ts';

const declared = Object.keys(wiring.functions);
const command = {
  usage: `Usage: npm run invoke -- <function-name> <event-file>

Runs one declared function with an event (events/ holds a sample for each) and prints its result:
inside the running twin (npm start) when there is one, otherwise in a twin started for the call.
Exits 1 when the function fails.
  npm run invoke -- whoami events/whoami.json

Options:
  -h, --help    print this help

Functions: ${declared.join(', ')}
`,
  options: {},
  allowPositionals: true,
} satisfies CommandSpec;

const { positionals } = commandLine(command);
const [name, eventFile, ...extra] = positionals;
if (!name || !eventFile) usageError(command, 'Name a function and an event file.');
if (extra.length > 0) usageError(command, `Unexpected argument '${extra[0]}'.`);
if (!declared.includes(name)) usageError(command, `No function is declared as '${name}'.`);
let event: unknown;
try {
  event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;
} catch (error) {
  usageError(command, `Cannot read the event from ${eventFile}: ${(error as Error).message}`);
}

async function invokeRunning(lambdaEndpoint: string): Promise<{ failed: boolean; payload: unknown } | undefined> {
  const response = await fetch(`${lambdaEndpoint}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  }).catch(() => undefined);
  if (!response) return undefined;
  return { failed: !response.ok || response.headers.has('x-amz-function-error'), payload: await response.json() };
}

async function invokeInFreshTwin(): Promise<{ failed: boolean; payload: unknown }> {
  const { startTwin } = await import('./twin.ts');
  const settings = environmentSettingsOrExit(wiring, 'npm run invoke');
  const twin = await startTwin({ settings, stateDir: join(STATE_DIR, 'invoke'), onLog: (fn, line) => process.stderr.write(`[${fn}] ${line}\n`) });
  try {
    return { failed: false, payload: await twin.invoke(name!, event) };
  } catch (error) {
    return { failed: true, payload: { errorType: (error as Error).name, errorMessage: (error as Error).message } };
  } finally {
    await twin.stop();
  }
}

const local = readLocalJson();
const result = (local?.lambda_endpoint && (await invokeRunning(local.lambda_endpoint))) || (await invokeInFreshTwin());
process.stdout.write(`${JSON.stringify(result.payload, null, 2)}\n`);
process.exit(result.failed ? 1 : 0);
