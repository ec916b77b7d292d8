// Settings as a user sets them: `npm start` (tsx infra/local/start.ts, a child process) with some
// settings in the environment and some in a `.env` file (a temp file named by SCORECAST_ENV_FILE, so
// the project's own .env is never written). With the README's walkthrough settings a delivery to an
// endpoint that is down reaches the dead letters on the declared delivery queue and a redrive
// delivers it; a .env rate limit of 5 makes the sixth write a 429; a malformed value stops the start.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { startLocalIssuer, type LocalIssuer } from '#infra/local/issuer.ts';
import { readLocalJson, type LocalJson } from '#infra/local/state.ts';
import { callApi, until, type Json } from '../support/twin-api.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as a child process: its own state dir, ephemeral ports, no declared setting inherited from this process. */
function npmStart(stateDir: string, env: Record<string, string>): Started {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in wiring.settings)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    env: { ...inherited, SCORECAST_STATE_DIR: stateDir, PORT: '0', WS_PORT: '0', ISSUER_PORT: '0', LAMBDA_PORT: '0', CONSOLE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout = (stdout + chunk.toString()).slice(-200_000)));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const envFile = (dir: string, content: string) => {
  const path = join(dir, '.env');
  writeFileSync(path, content);
  return path;
};

describe('npm start with settings from the environment and a .env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorecast-settings-'));
  let twin: Started;
  let local: LocalJson;
  let partner: LocalIssuer; // a second trusted issuer, configured through JWT_ISSUERS in .env
  const api = (method: string, path: string, credential: string, body?: unknown) => callApi(local.http_url, method, path, credential, body);
  const mint = async (tenant: string, role: string, sub: string) => {
    const res = await fetch(`${local.issuer_url}/token`, { method: 'POST', body: JSON.stringify({ tenant, roles: [role], sub }) });
    return ((await res.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    partner = await startLocalIssuer({ port: 0 });
    const issuers = JSON.stringify([{ issuer: partner.issuer, audience: partner.audience, token_use: 'id' }]);
    twin = npmStart(join(dir, 'state'), {
      // .env says 3600 s, the environment 1 s: the environment must win, or nothing is dead-lettered in time.
      SCORECAST_ENV_FILE: envFile(dir, `RATE_LIMIT_WRITE_PER_MINUTE=5\nWEBHOOK_RETRY_SCHEDULE_SECONDS=3600\nJWT_ISSUERS='${issuers}'\n`),
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '1',
      WEBHOOK_RETRY_DELAYS_MS: '50,100,200',
    });
    await until(
      async () => {
        const code = await Promise.race([twin.exited, new Promise((resolve) => setTimeout(resolve, 10, 'running'))]);
        if (code !== 'running') throw new Error(`npm start exited (${String(code)}): ${twin.stderr()}`);
        return twin.stdout().includes('Ctrl-C to stop.') || undefined;
      },
      'npm start to be up',
      240_000,
    ); // a first start bundles every function: minutes on a busy machine
    local = readLocalJson(join(dir, 'state'))!;
  }, 300_000);
  afterAll(async () => {
    if (twin?.child.exitCode === null) {
      twin.child.kill('SIGTERM');
      await twin.exited;
    }
    await partner?.close();
  });

  it('trusts the issuers JWT_ISSUERS names besides its own (the demo tokens keep working)', async () => {
    const partnerToken = partner.mint({ tenant: 'partner', roles: ['viewer'], sub: 'p1' });
    const asPartner = await api('GET', '/v1/whoami', partnerToken);
    expect(asPartner.status, asPartner.text).toBe(200);
    expect(asPartner.json).toMatchObject({ tenant_id: 'partner', principal_id: 'p1' });
    expect((await api('GET', '/v1/whoami', local.tokens.viewer)).status).toBe(200);
  });

  it('lists the settings that differ from the defaults in its banner, with their source', () => {
    expect(twin.stdout()).toMatch(/^ {2}Settings {6}JWT_ISSUERS=\[.*\] {3}\(.*\.env\)$/m);
    expect(twin.stdout()).toContain(`                RATE_LIMIT_WRITE_PER_MINUTE=5   (${join(dir, '.env')})`);
    expect(twin.stdout()).toMatch(/^ {16}WEBHOOK_RETRY_DELAYS_MS=50,100,200$/m);
    expect(twin.stdout()).toMatch(/^ {16}WEBHOOK_RETRY_SCHEDULE_SECONDS=1$/m);
  });

  it('dead-letters a delivery to an endpoint that is down; a redrive once it is back delivers it', async () => {
    // The declared delivery queue with these settings: every receive makes 4 attempts (waits of
    // 350 ms in all) and comes back 1 s later, so 5 receives reach the DLQ well within 30 s.
    const { maxReceiveCount } = wiring.queues.delivery;
    expect(maxReceiveCount * (1 + (50 + 100 + 200) / 1000)).toBeLessThan(30);

    const probe = await startReceiver();
    const port = probe.port;
    await probe.close(); // nobody listens on this port until the endpoint comes back
    const { maintainer, admin, viewer } = local.tokens;
    const webhook = await api('POST', '/v1/webhooks', maintainer, { url: `http://127.0.0.1:${port}/hooks`, event_types: ['server_down'] });
    expect(webhook.status, webhook.text).toBe(201);
    const event = await api('POST', '/v1/integrations/events', maintainer, {
      source: 'monitoring-system',
      event_type: 'server_down',
      severity: 'critical',
      message: 'Production server is not responding',
      metadata: { server_id: 'prod-web-01' },
    });
    expect(event.status, event.text).toBe(202);

    // 60 s rather than 30: the machine running the tests may be busy; the arithmetic above is the 30-s claim.
    const letter = await until(
      async () => (await api('GET', '/v1/admin/dead-letters?queue=delivery', admin)).json.items?.[0],
      'the dead letter',
      60_000,
    );
    expect(letter).toMatchObject({ queue: 'delivery', body: { event_id: event.json.event_id }, attempts: maxReceiveCount });
    expect(letter.last_error).toContain('ECONNREFUSED');
    const history = await api('GET', `/v1/integrations/events/${event.json.event_id}`, viewer);
    expect(history.json.deliveries[0]).toMatchObject({ status: 'dead_lettered', attempt_count: 4 * maxReceiveCount });

    const back = await startReceiver(port);
    try {
      const redrive = await api('POST', '/v1/admin/dead-letters/delivery/redrive', admin);
      expect(redrive.json).toEqual({ redriven: 1 });
      const [request] = await back.waitFor('/hooks', 1);
      expect(JSON.parse(request!.body)).toMatchObject({ type: 'server_down', data: { event_id: event.json.event_id } });
      await until(async () => {
        const { json } = await api('GET', `/v1/integrations/events/${event.json.event_id}`, viewer);
        return json.deliveries[0]?.status === 'succeeded' || undefined;
      }, 'the redriven delivery to succeed');
    } finally {
      await back.close();
    }
  }, 120_000);

  it('makes the sixth write in a minute a 429 (RATE_LIMIT_WRITE_PER_MINUTE=5 from .env)', async () => {
    // Windows are whole minutes: a run that straddles a minute's end says nothing and is made again
    // by a fresh principal.
    for (let run = 1; ; run++) {
      const token = await mint('limits', 'maintainer', `writer-${run}`);
      const minute = Math.floor(Date.now() / 60_000);
      const statuses: number[] = [];
      let last: Json;
      for (let i = 0; i < 6; i++) {
        last = await api('POST', '/v1/integrations/events', token, {
          source: 'ci',
          event_type: 'deploy.started',
          severity: 'low',
          message: `${i}`,
          metadata: {},
        });
        statuses.push(last.status);
      }
      if (Math.floor(Date.now() / 60_000) !== minute && run < 3) continue;
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      expect(last.json.error.code).toBe('rate_limited');
      return;
    }
  });
});

describe('npm start with a malformed setting', () => {
  it('stops before starting anything, naming the variable and what it expects (exit 1, no stack trace)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecast-settings-bad-'));
    const start = npmStart(join(dir, 'state'), {
      SCORECAST_ENV_FILE: envFile(dir, 'RATE_LIMIT_WRITE_PER_MINUTE=abc\n'),
      SCORECAST_STATE_DIRECTORY: 'typo',
    });
    expect(await start.exited).toBe(1);
    const stderr = start.stderr();
    expect(stderr).toContain('RATE_LIMIT_WRITE_PER_MINUTE=abc: "abc" is not a whole number; expected a whole number, at least 1');
    expect(stderr).toContain("npm start: warning: SCORECAST_STATE_DIRECTORY is neither a declared setting nor one of the twin's own variables");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(start.stdout()).not.toContain('local twin is up');
    expect(existsSync(join(dir, 'state', 'local.json'))).toBe(false);
  }, 60_000);

  it('stops npm run invoke the same way before it starts a twin for the call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecast-settings-invoke-'));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in wiring.settings)));
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/invoke.ts', 'health', 'events/health.json'], {
      env: { ...inherited, SCORECAST_STATE_DIR: join(dir, 'state'), SCORECAST_ENV_FILE: envFile(dir, 'WEBHOOK_ALLOW_LOOPBACK=maybe\n') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(stderr).toContain('npm run invoke: a setting is malformed');
    expect(stderr).toContain('WEBHOOK_ALLOW_LOOPBACK=maybe: "maybe" is neither true nor false; expected true or false');
  }, 60_000);

  it('stops when SCORECAST_ENV_FILE names no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecast-settings-none-'));
    const start = npmStart(join(dir, 'state'), { SCORECAST_ENV_FILE: join(dir, 'missing.env') });
    expect(await start.exited).toBe(1);
    expect(start.stderr()).toContain(`SCORECAST_ENV_FILE names ${join(dir, 'missing.env')}, which does not exist`);
  }, 60_000);
});
