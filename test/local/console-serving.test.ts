// The twin's console server (deep links → index.html, config.json, missing assets 404, headers) and
// the local issuer's one-click sign-in, over real HTTP on loopback.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCspDirectives, consoleSecurityHeaders } from '#infra/console-security-headers.ts';
import { type ConsoleServer, fileFor, startConsoleServer, twinConsoleHeaders } from '#infra/local/console-server.ts';
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
    expect((await fetch(`${server.url}/benchmarks/bm_1`)).status).toBe(503); // no page before its CSP can name the APIs
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

  it('sends every security header the cloud sends, from the one builder, with the twin’s origins', async () => {
    const response = await fetch(`${server.url}/benchmarks/bm_1`);
    const expected = consoleSecurityHeaders(
      { apiOrigin: 'http://127.0.0.1:3000', webSocketOrigin: 'ws://127.0.0.1:3001', cognitoOrigin: 'http://127.0.0.1:3002' },
      { plainHttp: true },
    );
    expect(Object.keys(expected).sort()).toEqual(
      [
        'Content-Security-Policy',
        'Cross-Origin-Opener-Policy',
        'Permissions-Policy',
        'Referrer-Policy',
        'Strict-Transport-Security',
        'X-Content-Type-Options',
        'X-Frame-Options',
        'X-XSS-Protection',
      ].sort(),
    );
    for (const [name, value] of Object.entries(expected)) expect(response.headers.get(name), name).toBe(value);
    for (const path of ['/config.json', '/assets/index-abc.js', '/assets/missing.js'])
      expect((await fetch(`${server.url}${path}`)).headers.get('content-security-policy'), path).toBe(expected['Content-Security-Policy']);
  });

  it('has a CSP naming what config.json points at, and otherwise the cloud’s but for the upgrade to HTTPS', async () => {
    const served = await fetch(`${server.url}/config.json`);
    const json = (await served.json()) as { api_url: string; websocket_url: string; cognito_domain: string };
    const directives = new Map(
      served.headers
        .get('content-security-policy')!
        .split('; ')
        .map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')] as [string, string]),
    );
    const connect = directives.get('connect-src')!.split(' ');
    for (const url of [json.api_url, json.websocket_url, json.cognito_domain]) expect(connect, url).toContain(new URL(url).origin);
    expect(connect).toEqual(["'self'", 'http://127.0.0.1:3000', 'ws://127.0.0.1:3001', 'http://127.0.0.1:3002']);
    const cloud = new Map(consoleCspDirectives({ webSocketOrigin: 'wss://ws.example', cognitoOrigin: 'https://auth.example' }));
    expect(cloud.has('upgrade-insecure-requests')).toBe(true);
    expect(directives.has('upgrade-insecure-requests')).toBe(false); // the twin serves plain HTTP on loopback
    cloud.delete('upgrade-insecure-requests');
    cloud.delete('connect-src');
    directives.delete('connect-src');
    expect(directives).toEqual(cloud);
    expect(twinConsoleHeaders({ ...config, api_url: '' })['Content-Security-Policy']).toContain(
      "connect-src 'self' ws://127.0.0.1:3001 http://127.0.0.1:3002", // an API on the console's own origin is 'self'
    );
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
