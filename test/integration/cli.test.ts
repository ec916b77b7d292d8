// The commands the README shows, run as a user runs them (child processes), against a twin.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLocalJson } from '#infra/local/state.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';

const run = promisify(execFile);
const tsx = (script: string, args: string[], stateDir: string) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, SCORECAST_STATE_DIR: stateDir },
    timeout: 60_000,
  });

let twin: Twin;
const stateDir = mkdtempSync(join(tmpdir(), 'scorecast-cli-'));

beforeAll(async () => {
  twin = await startTwin({ stateDir, onLog: () => undefined });
  writeLocalJson(twin.local, stateDir);
});
afterAll(() => twin?.stop());

describe('npm run token', () => {
  it('prints a JWT from the running twin’s issuer with the requested claims', async () => {
    const { stdout } = await tsx('infra/local/token.ts', ['--tenant', 'acme', '--role', 'maintainer', '--sub', 'm1', '--locations', 'paris,lyon'], stateDir);
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

  it('starts a twin for the call when none runs', async () => {
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
