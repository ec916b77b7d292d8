// The agents routes in-process against the twin's embedded DynamoDB and SQS (no mocks): a
// maintainer registers, renames, rotates and revokes an agent; a viewer reads; the API key works
// for exactly as long as it should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { call, user, type HttpHandler, loadHandlers } from '../../../test/support/handlers.ts';

let aws: LocalAws;
const h: Record<string, HttpHandler> = {};
let findApiKey: typeof import('#shared/store/agents.ts').findApiKey;
let hashApiKey: typeof import('#shared/agents/api-keys.ts').hashApiKey;

beforeAll(async () => {
  aws = await startLocalAws();
  const routes = {
    create: import('./create.ts'),
    get: import('./get.ts'),
    list: import('./list.ts'),
    update: import('./update.ts'),
    revoke: import('./revoke.ts'),
    'rotate-key': import('./rotate-key.ts'),
  };
  await loadHandlers(h, routes);
  ({ findApiKey } = await import('#shared/store/agents.ts'));
  ({ hashApiKey } = await import('#shared/agents/api-keys.ts'));
});
afterAll(() => aws?.stop());

const maintainer = user('t-agents', 'maintainer');
const viewer = user('t-agents', 'viewer');
const stranger = user('t-other', 'maintainer');

const register = async (name: string) => {
  const res = await call(h.create!, 'POST /v1/agents', { as: maintainer, body: { name, description: 'answers tickets' } });
  expect(res.status).toBe(201);
  return res.body as { agent_id: string; api_key: string; key_hint: string };
};

describe('agents routes', () => {
  it('registers an agent: 201 with its key shown once, a hint of it in every later read', async () => {
    const agent = await register('support-bot');
    expect(agent.api_key).toMatch(/^sck_[A-Za-z0-9_-]{43}$/);
    expect(agent.key_hint).toBe(`sck_…${agent.api_key.slice(-4)}`);
    const read = await call(h.get!, 'GET /v1/agents/{agent_id}', { as: viewer, params: { agent_id: agent.agent_id } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      agent_id: agent.agent_id,
      name: 'support-bot',
      description: 'answers tickets',
      status: 'active',
      created_by: 'maintainer-1',
    });
    expect(read.body.api_key).toBeUndefined();
    expect((await findApiKey(hashApiKey(agent.api_key)))?.agentId).toBe(agent.agent_id);
  });

  it('refuses a viewer who tries to register, and a body that does not fit the schema', async () => {
    expect((await call(h.create!, 'POST /v1/agents', { as: viewer, body: { name: 'x' } })).status).toBe(403);
    const bad = await call(h.create!, 'POST /v1/agents', { as: maintainer, body: { name: '', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('keeps tenants apart: another tenant gets 404 for an agent it does not own', async () => {
    const agent = await register('private-bot');
    const res = await call(h.get!, 'GET /v1/agents/{agent_id}', { as: stranger, params: { agent_id: agent.agent_id } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('lists the tenant’s agents oldest first, a page at a time', async () => {
    const tenant = user('t-list', 'maintainer');
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const res = await call(h.create!, 'POST /v1/agents', { as: tenant, body: { name } });
      ids.push(res.body.agent_id);
    }
    const first = await call(h.list!, 'GET /v1/agents', { as: tenant, query: { limit: '2' } });
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { agent_id: string }) => a.agent_id)).toEqual(ids.slice(0, 2));
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(h.list!, 'GET /v1/agents', { as: tenant, query: { limit: '2', cursor: first.body.next_cursor } });
    expect(second.body.items.map((a: { agent_id: string }) => a.agent_id)).toEqual(ids.slice(2));
    expect(second.body.next_cursor).toBeNull();
    const badCursor = await call(h.list!, 'GET /v1/agents', { as: tenant, query: { cursor: 'not-a-cursor' } });
    expect(badCursor.status).toBe(400);
  });

  it('renames an agent and clears its description', async () => {
    const agent = await register('old-name');
    const res = await call(h.update!, 'PATCH /v1/agents/{agent_id}', {
      as: maintainer,
      params: { agent_id: agent.agent_id },
      body: { name: 'new-name', description: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'new-name', description: null });
    const missing = await call(h.update!, 'PATCH /v1/agents/{agent_id}', {
      as: maintainer,
      params: { agent_id: 'agt_00000000000000000000000000' },
      body: { name: 'x' },
    });
    expect(missing.status).toBe(404);
  });

  it('rotates a key: the old key stops at once without a grace period, and lasts with one', async () => {
    const agent = await register('rotating');
    const rotated = await call(h['rotate-key']!, 'POST /v1/agents/{agent_id}/keys', { as: maintainer, params: { agent_id: agent.agent_id } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.api_key).not.toBe(agent.api_key);
    expect(await findApiKey(hashApiKey(agent.api_key))).toBeUndefined();
    expect((await findApiKey(hashApiKey(rotated.body.api_key)))?.agentId).toBe(agent.agent_id);

    const graceful = await call(h['rotate-key']!, 'POST /v1/agents/{agent_id}/keys', {
      as: maintainer,
      params: { agent_id: agent.agent_id },
      body: { grace_period_seconds: 3600 },
    });
    expect(graceful.status).toBe(200);
    expect((await findApiKey(hashApiKey(rotated.body.api_key)))?.agentId).toBe(agent.agent_id);
    expect((await findApiKey(hashApiKey(graceful.body.api_key)))?.agentId).toBe(agent.agent_id);
  });

  it('revokes an agent: its keys stop working, it reads as revoked, and it can no longer change', async () => {
    const agent = await register('doomed');
    const res = await call(h.revoke!, 'DELETE /v1/agents/{agent_id}', { as: maintainer, params: { agent_id: agent.agent_id } });
    expect(res.status).toBe(204);
    expect(await findApiKey(hashApiKey(agent.api_key))).toBeUndefined();
    const read = await call(h.get!, 'GET /v1/agents/{agent_id}', { as: viewer, params: { agent_id: agent.agent_id } });
    expect(read.body).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    const rename = await call(h.update!, 'PATCH /v1/agents/{agent_id}', {
      as: maintainer,
      params: { agent_id: agent.agent_id },
      body: { name: 'x' },
    });
    expect(rename.status).toBe(409);
    const rotate = await call(h['rotate-key']!, 'POST /v1/agents/{agent_id}/keys', { as: maintainer, params: { agent_id: agent.agent_id } });
    expect(rotate.status).toBe(409);
  });
});
