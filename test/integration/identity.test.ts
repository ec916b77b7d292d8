// Identity and tenancy as a new user meets them on the twin: agents and their keys, roles, the
// token checks, revocation within the authorizer cache TTL, rate limits and the audit log.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wiring } from '#infra/wiring.ts';
import { signJwt, tokenClaims } from '#infra/local/issuer.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { callApi } from '../support/twin-api.ts';

const CACHE_TTL_SECONDS = 1;
const WRITE_LIMIT = 6;
let twin: Twin;
const logs: string[] = [];

beforeAll(async () => {
  twin = await startTwin({
    wiring: { ...wiring, authorizer: { ...wiring.authorizer, cacheTtlSeconds: CACHE_TTL_SECONDS } },
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-identity-')),
    settings: { RATE_LIMIT_WRITE_PER_MINUTE: String(WRITE_LIMIT) },
    onLog: (_fn, line) => logs.push(line),
  });
});
afterAll(() => twin?.stop());

const token = (tenant: string, role: string, sub = `${tenant}-${role}`) => twin.issuer.mint({ tenant, roles: [role], sub });
const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const afterCacheTtl = () => pause(CACHE_TTL_SECONDS * 1000 + 300);

describe('agents and their keys', () => {
  it('a maintainer registers an agent and gets its key once; the key authenticates as the agent', async () => {
    const created = await api('POST', '/v1/agents', token('acme', 'maintainer'), { name: 'solver', description: 'v1' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'solver', status: 'active', api_key: expect.stringMatching(/^sck_[A-Za-z0-9_-]{43}$/) });
    expect(created.json.key_hint).toBe(`sck_…${created.json.api_key.slice(-4)}`);

    const me = await api('GET', '/v1/whoami', created.json.api_key);
    expect(me.json).toEqual({
      tenant_id: 'acme',
      principal_type: 'agent',
      principal_id: created.json.agent_id,
      roles: [],
      locations: null,
      agent_id: created.json.agent_id,
    });

    const fetched = await api('GET', `/v1/agents/${created.json.agent_id}`, token('acme', 'viewer'));
    expect(fetched.status).toBe(200);
    expect(fetched.json).not.toHaveProperty('api_key');
  });

  it('refuses a viewer (403) and an agent (403) on maintainer routes', async () => {
    expect((await api('POST', '/v1/agents', token('acme', 'viewer'), { name: 'x' })).json.error.code).toBe('forbidden');
    expect((await api('POST', '/v1/agents', twin.local.agent!.api_key, { name: 'x' })).status).toBe(403);
  });

  it('validates bodies with clear errors', async () => {
    const bad = await api('POST', '/v1/agents', token('acme', 'maintainer', 'validator'), { name: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
    expect(bad.json.error.details.length).toBeGreaterThan(0);
    expect((await api('GET', '/v1/agents/not-an-id', token('acme', 'viewer'))).status).toBe(400);
  });

  it('updates, lists with cursors, and hides other tenants', async () => {
    const maintainer = token('paged', 'maintainer');
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await api('POST', '/v1/agents', maintainer, { name })).json.agent_id);
    const renamed = await api('PATCH', `/v1/agents/${ids[0]}`, maintainer, { name: 'a2' });
    expect(renamed.json).toMatchObject({ agent_id: ids[0], name: 'a2' });

    const first = await api('GET', '/v1/agents?limit=2', token('paged', 'viewer'));
    expect(first.json.items.map((a: { agent_id: string }) => a.agent_id)).toEqual(ids.slice(0, 2));
    const second = await api('GET', `/v1/agents?limit=2&cursor=${first.json.next_cursor}`, token('paged', 'viewer'));
    expect(second.json.items.map((a: { agent_id: string }) => a.agent_id)).toEqual(ids.slice(2));

    // Another tenant can neither see these agents nor page into them with a borrowed cursor.
    expect((await api('GET', `/v1/agents/${ids[0]}`, token('other', 'admin'))).status).toBe(404);
    expect((await api('GET', `/v1/agents?cursor=${first.json.next_cursor}`, token('other', 'admin'))).status).toBe(400);
    expect((await api('DELETE', `/v1/agents/${ids[1]}`, token('other', 'admin'))).status).toBe(404);
  });

  it('a rotated-out key stops working within the cache TTL; with a grace period it keeps working until then', async () => {
    const maintainer = token('rot', 'maintainer');
    const agent = (await api('POST', '/v1/agents', maintainer, { name: 'rotating' })).json;
    const rotated = await api('POST', `/v1/agents/${agent.agent_id}/keys`, maintainer, {});
    expect(rotated.status).toBe(200);
    expect(rotated.json.api_key).not.toBe(agent.api_key);
    await afterCacheTtl();
    const old = await api('GET', '/v1/whoami', agent.api_key);
    expect(old.status).toBe(401);
    expect(old.json.error.code).toBe('unauthorized');
    expect((await api('GET', '/v1/whoami', rotated.json.api_key)).status).toBe(200);

    const graceful = await api('POST', `/v1/agents/${agent.agent_id}/keys`, maintainer, { grace_period_seconds: 60 });
    await afterCacheTtl();
    expect((await api('GET', '/v1/whoami', rotated.json.api_key)).status).toBe(200);
    expect((await api('GET', '/v1/whoami', graceful.json.api_key)).status).toBe(200);
  });

  it('revoking an agent stops its key within the cache TTL and closes its WebSocket connections', async () => {
    const maintainer = token('rev', 'maintainer');
    const agent = (await api('POST', '/v1/agents', maintainer, { name: 'doomed' })).json;
    const socket = new WebSocket(`${twin.wsUrl}?token=${agent.api_key}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise((resolve) => socket.once('close', resolve));

    expect((await api('DELETE', `/v1/agents/${agent.agent_id}`, maintainer)).status).toBe(204);
    await closed;
    expect((await api('GET', `/v1/agents/${agent.agent_id}`, maintainer)).json).toMatchObject({ status: 'revoked' });
    expect((await api('DELETE', `/v1/agents/${agent.agent_id}`, maintainer)).status).toBe(204);
    expect((await api('PATCH', `/v1/agents/${agent.agent_id}`, maintainer, { name: 'back' })).status).toBe(409);
    await afterCacheTtl();
    expect((await api('GET', '/v1/whoami', agent.api_key)).status).toBe(401);
  });
});

describe('tokens', () => {
  const claims = () => tokenClaims(twin.issuer.issuer, { tenant: 'acme', roles: ['admin'] });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    [
      'forged with another key and the real kid',
      () => signJwt(claims(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, twin.issuer.kid),
    ],
    ['expired', () => twin.issuer.mint({ tenant: 'acme', roles: ['admin'], ttlSeconds: -10 })],
    ['alg none', () => `${part({ alg: 'none', typ: 'JWT', kid: twin.issuer.kid })}.${part(claims())}.`],
    ['for another audience', () => twin.issuer.mint({ tenant: 'acme', roles: ['admin'], audience: 'another-app' })],
    ['an unknown API key', () => `sck_${'A'.repeat(43)}`],
  ])('a token %s gets 401 in our envelope', async (_label, make) => {
    const res = await api('GET', '/v1/whoami', make());
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'unauthorized', correlation_id: expect.any(String) });
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });
});

describe('rate limits and the audit log', () => {
  it('answers 429 rate_limited with Retry-After past the write limit, per principal', async () => {
    const flooder = token('limits', 'maintainer', 'flooder');
    // Windows are whole minutes (shared/limits/fixed-window.ts): a burst that straddled a minute's
    // end would start over in the next window, so it starts clear of the end.
    const leftInMinute = 60_000 - (Date.now() % 60_000);
    if (leftInMinute < 15_000) await new Promise((resolve) => setTimeout(resolve, leftInMinute + 50));
    const statuses: number[] = [];
    for (let i = 0; i <= WRITE_LIMIT; i++) statuses.push((await api('POST', '/v1/agents', flooder, { name: `n${i}` })).status);
    expect(statuses.slice(0, WRITE_LIMIT).every((s) => s === 201)).toBe(true);
    const limited = await api('POST', '/v1/agents', flooder, { name: 'over' });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Someone else in the same tenant is not affected.
    expect((await api('POST', '/v1/agents', token('limits', 'maintainer', 'calm'), { name: 'fine' })).status).toBe(201);
  });

  it('records mutations for admins, filters by action and time, and refuses viewers', async () => {
    const maintainer = token('audited', 'maintainer', 'auditor-subject');
    const agent = (await api('POST', '/v1/agents', maintainer, { name: 'audited' })).json;
    await api('POST', `/v1/agents/${agent.agent_id}/keys`, maintainer, {});
    await api('POST', '/v1/agents', token('audited', 'viewer'), { name: 'nope' });
    await api('DELETE', `/v1/agents/${agent.agent_id}`, maintainer);

    const log = await api('GET', '/v1/audit', token('audited', 'admin'));
    expect(log.status).toBe(200);
    expect(log.json.items.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)).toEqual([
      'agent.revoke:succeeded',
      'agent.create:denied',
      'agent.rotate_key:succeeded',
      'agent.create:succeeded',
    ]);
    expect(log.json.items[3]).toMatchObject({
      actor: { type: 'user', id: 'auditor-subject' },
      resource: `/v1/agents/${agent.agent_id}`,
      status: 201,
      correlation_id: expect.any(String),
      time: expect.any(String),
    });

    const creates = await api('GET', '/v1/audit?action=agent.create', token('audited', 'admin'));
    expect(creates.json.items).toHaveLength(2);
    const future = await api('GET', `/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`, token('audited', 'admin'));
    expect(future.json.items).toHaveLength(0);

    expect((await api('GET', '/v1/audit', token('audited', 'viewer'))).status).toBe(403);
    expect((await api('GET', '/v1/audit', token('somebody-else', 'admin'))).json.items).toHaveLength(0);
  });

  it('never writes a token or an API key to the logs', () => {
    const secrets = [...Object.values(twin.local.tokens), twin.local.agent!.api_key];
    const joined = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(joined).not.toContain(secret);
      expect(joined).not.toContain(secret.slice(-20));
    }
    expect(joined).not.toMatch(/sck_[A-Za-z0-9_-]{43}/);
    expect(joined).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  });
});
