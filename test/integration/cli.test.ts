// The commands the README shows, run as a user runs them (child processes), against a twin.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJsonPath, writeLocalJson } from '#infra/local/state.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';

const run = promisify(execFile);
const tsx = (script: string, args: string[], stateDir: string, env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, SCORECAST_STATE_DIR: stateDir, ...env },
    timeout: 120_000,
  });
/** What a command that fails left: its exit code and output (execFile rejects with them). */
const failure = (command: Promise<unknown>) =>
  command.then(
    () => expect.unreachable('the command succeeded'),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
const portOf = (url: string) => String(new URL(url).port);
const AWS = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('The AWS CLI (`aws`) is not installed: the test that runs `aws lambda` against the twin is skipped.');
    return false;
  }
})();

let twin: Twin;
const stateDir = mkdtempSync(join(tmpdir(), 'scorecast-cli-'));

beforeAll(async () => {
  twin = await startTwin({ stateDir, onLog: () => undefined });
  writeLocalJson(twin.local, stateDir);
});
afterAll(() => twin?.stop());

describe('npm run token', () => {
  it('prints a JWT from the running twin’s issuer with the requested claims', async () => {
    const { stdout } = await tsx(
      'infra/local/token.ts',
      ['--tenant', 'acme', '--role', 'maintainer', '--sub', 'm1', '--locations', 'paris,lyon'],
      stateDir,
    );
    const res = await fetch(`${twin.httpUrl}/v1/whoami`, { headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(await res.json()).toMatchObject({ tenant_id: 'acme', principal_id: 'm1', roles: ['maintainer'], locations: ['paris', 'lyon'] });
  });

  it('says how to start the twin when none runs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scorecast-none-'));
    await expect(tsx('infra/local/token.ts', ['--tenant', 'a', '--role', 'viewer'], empty)).rejects.toMatchObject({
      stderr: expect.stringContaining('npm start'),
    });
  });
});

describe('npm run invoke', () => {
  it('runs a function inside the running twin with a sample event', async () => {
    const { stdout } = await tsx('infra/local/invoke.ts', ['whoami', 'events/whoami.json'], stateDir);
    const result = JSON.parse(stdout);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ tenant_id: 'demo', principal_id: 'demo-admin' });
  });

  it('starts a twin for the call when none runs', { timeout: 120_000 }, async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scorecast-none-'));
    const { stdout } = await tsx('infra/local/invoke.ts', ['health', 'events/health.json'], empty);
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200 });
  });

  it('refuses an undeclared function with the list of declared ones', async () => {
    await expect(tsx('infra/local/invoke.ts', ['nope', 'events/health.json'], stateDir)).rejects.toMatchObject({
      stderr: expect.stringContaining('whoami'),
    });
  });
});

const COMMANDS = [
  { script: 'infra/local/start.ts', usage: 'Usage: npm start' },
  { script: 'infra/local/token.ts', usage: 'Usage: npm run -s token' },
  { script: 'infra/local/invoke.ts', usage: 'Usage: npm run invoke' },
];

describe('--help and unknown options', () => {
  it.each(COMMANDS)('$script --help prints the usage and exits 0', async ({ script, usage }) => {
    const { stdout, stderr } = await tsx(script, ['--help'], stateDir);
    expect(stdout.startsWith(usage)).toBe(true);
    expect(stderr).toBe('');
  });

  it.each(COMMANDS)('$script with an unknown option prints what is wrong and the usage, exits 2, no stack trace', async ({ script, usage }) => {
    const { code, stdout, stderr } = await failure(tsx(script, ['--bogus'], stateDir));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`Unknown option '--bogus'\n\n${usage}`)).toBe(true);
    expect(stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
  });

  it('npm run invoke without an event file or with an unreadable one says so and exits 2', async () => {
    expect(await failure(tsx('infra/local/invoke.ts', ['whoami'], stateDir))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Name a function and an event file/),
    });
    expect(await failure(tsx('infra/local/invoke.ts', ['whoami', 'events/none.json'], stateDir))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Cannot read the event from events\/none.json/),
    });
  });
});

describe('npm run -s token', () => {
  it('prints exactly the token on stdout, so $(npm run -s token -- …) captures it', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--tenant', 'acme', '--role', 'viewer'], {
      env: { ...process.env, SCORECAST_STATE_DIR: stateDir },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const res = await fetch(`${twin.httpUrl}/v1/whoami`, { headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(await res.json()).toMatchObject({ tenant_id: 'acme', roles: ['viewer'] });
  });
});

describe('npm start with a port taken', () => {
  it('a second start on the same ports and data says, in one line, which port and which variable moves it; exits 1', {
    timeout: 300_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecast-start-'));
    const env = {
      ...process.env,
      SCORECAST_STATE_DIR: dir,
      PORT: String(await freePort()),
      WS_PORT: String(await freePort()),
      ISSUER_PORT: String(await freePort()),
      LAMBDA_PORT: String(await freePort()),
      CONSOLE_PORT: String(await freePort()),
    };
    const first = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--persist'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    first.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    first.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 240_000, interval: 200 }).toContain('Scorecast local twin is up');

      // --persist too: the second must stop before it opens the first one's data directory.
      const second = await failure(run(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--persist'], { env, timeout: 120_000 }));
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `Port ${env.PORT} (the HTTP API, PORT) is already in use (another \`npm start\`?): stop what holds it, ` +
          `or pick another port, e.g. PORT=${Number(env.PORT) + 100} npm start\n`,
      );
      const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
      expect(health.status).toBe(200); // the first twin is unharmed
      expect(existsSync(localJsonPath(dir))).toBe(true); // the first twin's file is left alone
    } finally {
      first.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  });

  it.each([
    { variable: 'PORT', what: 'the HTTP API', url: () => twin.httpUrl },
    { variable: 'LAMBDA_PORT', what: 'the Lambda API', url: () => twin.local.lambda_endpoint },
  ])('names $variable when only its port is taken', { timeout: 300_000 }, async ({ variable, what, url }) => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecast-start-'));
    const taken = portOf(url());
    const ports = { PORT: '0', WS_PORT: '0', ISSUER_PORT: '0', LAMBDA_PORT: '0', CONSOLE_PORT: '0', [variable]: taken };
    const { code, stdout, stderr } = await failure(tsx('infra/local/start.ts', [], dir, ports));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^Port ${taken} \\(${what}, ${variable}\\) is already in use .* e\\.g\\. ${variable}=\\d+ npm start\\n$`));
    expect(existsSync(localJsonPath(dir))).toBe(false);
  });
});

describe.skipIf(!AWS)('aws lambda against the twin', { timeout: 120_000 }, () => {
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['lambda', ...args, '--endpoint-url', twin.local.lambda_endpoint, '--output', 'json'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('invoke --log-type Tail returns the function’s own log lines for that invocation', async () => {
    const out = join(stateDir, 'authorizer-out.json');
    const result = await aws(
      'invoke',
      '--function-name',
      'authorizer',
      '--payload',
      'file://events/authorizer.websocket.json',
      '--log-type',
      'Tail',
      out,
    );
    const log = Buffer.from(result.LogResult as string, 'base64').toString();
    expect(log).toMatch(
      /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n\{.*"service":"scorecast".*\}\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: /s,
    );
  });

  it('list-functions lists every declared function', async () => {
    const listed = (await aws('list-functions')) as { Functions: { FunctionName: string }[] };
    expect(listed.Functions.map((f) => f.FunctionName).sort()).toEqual(Object.keys(twin.wiring.functions).sort());
  });
});
