// The twin's console server (deep links → index.html, config.json, missing assets 404, headers) and
// the local issuer's one-click sign-in, over real HTTP on loopback.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, consoleCsp, fileFor, startConsoleServer } from '#infra/local/console-server.ts';
import { signInLinks, twinConsoleConfig, withConsoleOrigin } from '#infra/local/console-twin.ts';
import { type LocalIssuer, loopbackRedirect, startLocalIssuer } from '#infra/local/issuer.ts';

const dir = mkdtempSync(join(tmpdir(), 'scorecast-console-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
const config = twinConsoleConfig({
  httpUrl: 'http://127.0.0.1:3000/',
  wsUrl: 'ws://127.0.0.1:3001/prod',
  issuerUrl: 'http://127.0.0.1:3002',
  audience: 'scorecast-local',
});

let server: ConsoleServer;
let issuer: LocalIssuer;
beforeAll(async () => {
  server = await startConsoleServer({ dir });
  issuer = await startLocalIssuer({ signIn: { tenant: 'demo', roles: ['admin', 'maintainer', 'viewer'] } });
});
afterAll(async () => {
  await server?.close();
  await issuer?.close();
});

describe('the twin serves the console', () => {
  it('answers config.json once configured, with the twin’s URLs (no trailing slash) and fragment tokens allowed', async () => {
    expect((await fetch(`${server.url}/config.json`)).status).toBe(503);
    server.configure(config);
    const response = await fetch(`${server.url}/config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      api_url: 'http://127.0.0.1:3000',
      websocket_url: 'ws://127.0.0.1:3001/prod',
      cognito_domain: 'http://127.0.0.1:3002',
      client_id: 'scorecast-local',
      region: expect.any(String),
      allow_fragment_token: true,
    });
  });

  it('serves index.html for every deep link, with the security headers', async () => {
    for (const path of [
      '/',
      '/benchmarks/bm_1',
      '/submissions/sub_1',
      '/agents',
      '/monitoring',
      '/integrations',
      '/operations',
      '/api',
      '/no/such/page',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>console</title>');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('serves assets as immutable, a missing asset as 404, and nothing outside its directory', async () => {
    const asset = await fetch(`${server.url}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect(fileFor(dir, '/../../etc/passwd')).toBeNull();
    expect(fileFor(dir, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('names the API, the WebSocket API and the sign-in in connect-src', () => {
    expect(consoleCsp(config)).toContain("connect-src 'self' http://127.0.0.1:3000 ws://127.0.0.1:3001 http://127.0.0.1:3002");
  });

  it('adds the console to CORS origins only when they are listed', () => {
    expect(withConsoleOrigin(['*'], 'http://127.0.0.1:3004')).toEqual(['*']);
    expect(withConsoleOrigin(['https://a.example'], 'http://127.0.0.1:3004')).toEqual(['https://a.example', 'http://127.0.0.1:3004']);
    expect(withConsoleOrigin(['https://a.example'], undefined)).toEqual(['https://a.example']);
  });
});

describe('the local issuer signs in with one click', () => {
  it('lists the demo users on its authorize page', async () => {
    const page = await fetch(`${issuer.issuer}/oauth2/authorize?response_type=code&redirect_uri=${encodeURIComponent(`${server.url}/`)}`);
    const html = await page.text();
    for (const role of ['admin', 'maintainer', 'viewer']) expect(html).toContain(`/sign-in/${role}?redirect_uri=`);
  });

  it('sends the browser back to the console with an ID token of the chosen role in the fragment', async () => {
    const link = signInLinks(issuer.issuer, server.url, ['maintainer']).maintainer!;
    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(`${server.url}/#id_token=`)).toBe(true);
    const claims = JSON.parse(Buffer.from(location.split('#id_token=')[1]!.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ iss: issuer.issuer, aud: 'scorecast-local', 'custom:tenant_id': 'demo', 'cognito:groups': ['maintainer'] });
  });

  it('refuses to send a token anywhere but loopback, and unknown users', async () => {
    expect(
      (await fetch(`${issuer.issuer}/sign-in/admin?redirect_uri=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' })).status,
    ).toBe(400);
    expect((await fetch(`${issuer.issuer}/sign-in/root?redirect_uri=${encodeURIComponent(`${server.url}/`)}`, { redirect: 'manual' })).status).toBe(
      404,
    );
    expect(loopbackRedirect('http://localhost:5173/')).not.toBeNull();
    expect(loopbackRedirect('http://user:pw@127.0.0.1/')).toBeNull();
    expect(loopbackRedirect('javascript:alert(1)')).toBeNull();
    expect(loopbackRedirect('http://127.0.0.1.evil.example/')).toBeNull();
  });
});
