// The twin's Lambda API over real HTTP, with the AWS CLI where it is installed and plain fetch
// otherwise, in front of an in-process fake function host that records what it runs.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionHost, InvocationOutcome } from '#infra/local/function-host.ts';
import { FunctionError } from '#infra/local/invoker.ts';
import { startLambdaApi } from '#infra/local/lambda-api.ts';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';

const AWS = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('The AWS CLI (`aws`) is not installed: the tests that drive the Lambda API with it are skipped; the fetch tests still run.');
    return false;
  }
})();
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'scorecast-lambda-api-'));

const calls: { fn: string; event: unknown }[] = [];
let release: (() => void) | undefined;
const invoker: Pick<FunctionHost, 'invokeWithLog'> = {
  async invokeWithLog(fn, event): Promise<InvocationOutcome> {
    calls.push({ fn, event });
    const request = event as { hold?: boolean; fail?: boolean; logBytes?: number };
    if (request.hold) await new Promise<void>((resolve) => (release = resolve));
    const log = `START RequestId: r-1 Version: $LATEST\n${'x'.repeat(request.logBytes ?? 0)}one line\nEND RequestId: r-1\n`;
    if (request.fail) return { requestId: 'r-1', log, error: new FunctionError(fn, 'TypeError', 'boom') };
    return { requestId: 'r-1', log, result: { echoed: event } };
  },
};
const asyncFailures: string[] = [];
let api: Awaited<ReturnType<typeof startLambdaApi>>;

beforeAll(async () => {
  api = await startLambdaApi({ wiring, invoker, onAsyncFailure: (fn, error) => asyncFailures.push(`${fn}: ${(error as Error).message}`) });
});
afterAll(() => api?.close());

const aws = async (...args: string[]) => {
  const { stdout } = await run('aws', ['lambda', ...args, '--endpoint-url', api.url, '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    timeout: 60_000,
  });
  return JSON.parse(stdout || 'null');
};
const invoke = (name: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${api.url}/2015-03-31/functions/${name}/invocations`, { method: 'POST', body: init.body ?? '{}', headers: init.headers });

describe('Invoke', () => {
  it('answers a RequestResponse invocation with the result, and a failure with X-Amz-Function-Error', async () => {
    const ok = await invoke('whoami', { body: '{"a":1}' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(ok.headers.get('x-amz-log-result')).toBeNull();
    expect(await ok.json()).toEqual({ echoed: { a: 1 } });
    const failed = await invoke('whoami', { body: '{"fail":true}' });
    expect(failed.status).toBe(200);
    expect(failed.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await failed.json()).toEqual({ errorType: 'TypeError', errorMessage: 'boom' });
  });

  it('answers an Event invocation 202 with no body at once, and runs the function afterwards', async () => {
    const before = calls.length;
    const res = await invoke('whoami', { body: '{"hold":true}', headers: { 'x-amz-invocation-type': 'Event' } });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    await expect.poll(() => calls.length).toBe(before + 1); // the function is running, held, after the 202
    release!();
    const failing = await invoke('whoami', { body: '{"fail":true}', headers: { 'x-amz-invocation-type': 'Event' } });
    expect(failing.status).toBe(202);
    await expect.poll(() => asyncFailures).toContain('whoami: boom');
  });

  it('answers a DryRun 204 without running the function', async () => {
    const before = calls.length;
    const res = await invoke('whoami', { headers: { 'x-amz-invocation-type': 'DryRun' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await invoke('whoami'); // a later synchronous call is the only one the host sees
    expect(calls.slice(before).length).toBe(1);
  });

  it('returns the last 4 KB of the invocation’s log in base64 with LogType Tail', async () => {
    const res = await invoke('whoami', { body: '{"logBytes":5000}', headers: { 'x-amz-log-type': 'Tail' } });
    const tail = Buffer.from(res.headers.get('x-amz-log-result')!, 'base64').toString();
    expect(tail.length).toBe(4096);
    expect(tail.endsWith('xxone line\nEND RequestId: r-1\n')).toBe(true);
  });

  it('answers Lambda’s errors: unknown function 404, bad header 400, bad JSON 400, too large 413', async () => {
    const missing = await invoke('nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await missing.json()).toEqual({ Type: 'User', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope' });
    const badType = await invoke('whoami', { headers: { 'x-amz-invocation-type': 'Later' } });
    expect([badType.status, badType.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    const badJson = await invoke('whoami', { body: '{' });
    expect([badJson.status, badJson.headers.get('x-amzn-errortype')]).toEqual([400, 'InvalidRequestContentException']);
    const large = await invoke('whoami', { body: JSON.stringify({ big: 'x'.repeat(6 * 1024 * 1024) }) });
    expect([large.status, large.headers.get('x-amzn-errortype')]).toEqual([413, 'RequestEntityTooLargeException']);
  });
});

describe('ListFunctions', () => {
  it('lists every declared function in pages of 50, as Lambda shapes them', async () => {
    type Page = { Functions: { FunctionName: string }[]; NextMarker?: string };
    const list = (query = '') => fetch(`${api.url}/2015-03-31/functions/${query}`).then((r) => r.json() as Promise<Page>);
    const first = await list();
    const declared = Object.keys(wiring.functions);
    expect(first.Functions).toHaveLength(Math.min(50, declared.length));
    const all = [...first.Functions];
    if (first.NextMarker) all.push(...(await list(`?Marker=${encodeURIComponent(first.NextMarker)}`)).Functions);
    expect(all.map((f: { FunctionName: string }) => f.FunctionName)).toEqual(declared);
    const whoami = (wiring as Wiring).functions.whoami!;
    expect(all.find((f: { FunctionName: string }) => f.FunctionName === 'whoami')).toMatchObject({
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:whoami',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: whoami.memoryMb,
      Timeout: whoami.timeoutSeconds,
      Description: whoami.description,
    });
  });
});

// Each `aws` run starts a Python interpreter: slow on a loaded machine.
describe.skipIf(!AWS)('with the AWS CLI', { timeout: 120_000 }, () => {
  it('invoke: RequestResponse with --log-type Tail, Event, DryRun', async () => {
    const out = join(dir, 'out.json');
    const sync = await aws('invoke', '--function-name', 'whoami', '--payload', '{"via":"cli"}', '--log-type', 'Tail', out);
    expect(sync).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(Buffer.from(sync.LogResult, 'base64').toString()).toContain('one line\n');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ echoed: { via: 'cli' } });
    expect(await aws('invoke', '--function-name', 'whoami', '--invocation-type', 'Event', '--payload', '{}', out)).toEqual({ StatusCode: 202 });
    const before = calls.length;
    expect(await aws('invoke', '--function-name', 'whoami', '--invocation-type', 'DryRun', out)).toEqual({ StatusCode: 204 });
    expect(calls.length).toBe(before);
  });

  it('invoke: an unknown function is ResourceNotFoundException', async () => {
    await expect(aws('invoke', '--function-name', 'nope', join(dir, 'none.json'))).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '(ResourceNotFoundException) when calling the Invoke operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
      ),
    });
  });

  it('list-functions: every declared function, through the CLI’s paging', async () => {
    const listed = await aws('list-functions', '--page-size', '20');
    expect(listed.Functions.map((f: { FunctionName: string }) => f.FunctionName)).toEqual(Object.keys(wiring.functions));
  });
});
