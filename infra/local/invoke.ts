// npm run invoke -- <function-name> events/<file>.json
// Runs one declared function with a sample event: inside the running twin when there is one
// (through its Lambda Invoke API), otherwise in a twin started just for this call.
import './env-file.ts'; // first: .env joins the environment before anything reads it
import { readFileSync } from 'node:fs';
import { wiring } from '#infra/wiring.ts';
import { join } from 'node:path';
import { environmentSettingsOrExit } from './settings.ts';
import { readLocalJson, STATE_DIR } from './state.ts';

const [name, eventFile] = process.argv.slice(2);
const declared = Object.keys(wiring.functions);
if (!name || !eventFile || !declared.includes(name)) {
  process.stderr.write(`Usage: npm run invoke -- <function-name> <event-file>\nFunctions: ${declared.join(', ')}\n`);
  process.exit(2);
}
const event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;

async function invokeRunning(lambdaEndpoint: string): Promise<{ failed: boolean; payload: unknown } | undefined> {
  const response = await fetch(`${lambdaEndpoint}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  }).catch(() => undefined);
  if (!response) return undefined;
  return { failed: response.headers.has('x-amz-function-error'), payload: await response.json() };
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
