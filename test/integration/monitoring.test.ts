// Live agent monitoring as agents, gateways and dashboards meet it on the twin: many agents report
// concurrently, twice and out of order, and the summary equals a recount of their statuses; an
// older report never wins; heartbeats leave the aggregates alone; silent agents go offline; a
// writer that died mid-way is corrected by the reconciler; viewers see only their locations; the
// monitoring channel gets coalesced grouped updates that end equal to the summary. The schedules
// are off here: the test runs the reconciler and the sweeper itself (twin.invoke), as EventBridge
// would, at the moments it chooses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { scheduledEvent } from '#infra/local/scheduler.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { callApi, until } from '../support/twin-api.ts';

let twin: Twin;
const logs: { fn: string; line: string }[] = [];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
type Json = any;

const STATUSES = ['online', 'busy', 'idle', 'error', 'offline'] as const;
type Status = (typeof STATUSES)[number];
interface State {
  status: Status;
  group: string;
  location: string;
}
const HEARTBEAT_TIMEOUT_SECONDS = 3;
const UPDATES_PER_SECOND = 2;

beforeAll(async () => {
  twin = await startTwin({
    wiring: { ...wiring, schedules: {} },
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-monitoring-')),
    settings: {
      RATE_LIMIT_WRITE_PER_MINUTE: '100000',
      RATE_LIMIT_STATUS_PER_MINUTE: '100000',
      HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS),
      MONITORING_UPDATES_PER_SECOND: String(UPDATES_PER_SECOND),
    },
    onLog: (fn, line) => {
      logs.push({ fn, line });
      if (process.env.TWIN_LOGS) console.log(fn, line);
    },
  });
});
afterAll(() => twin?.stop());

const token = (tenant: string, role: string, locations?: string[]) =>
  twin.issuer.mint({
    tenant,
    roles: [role],
    sub: `${tenant}-${role}${locations ? `-${locations.join('-')}` : ''}`,
    ...(locations ? { locations } : {}),
  });

const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);

async function newAgents(tenant: string, n: number): Promise<{ agent_id: string; api_key: string }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await api('POST', '/v1/agents', token(tenant, 'maintainer'), { name: `agent-${i}` });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json;
    }),
  );
}

const report = (agent: { agent_id: string; api_key: string }, body: Record<string, unknown>, credential = agent.api_key) =>
  api('PUT', `/v1/agents/${agent.agent_id}/status`, credential, body);

const table = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The truth: every agent's stored status, read straight from the table. */
async function storedStatuses(tenant: string): Promise<Map<string, Json>> {
  const { Items = [] } = await table().send(
    new QueryCommand({
      TableName: twin.engines.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `TENANT#${tenant}#AGENTSTATUS` },
    }),
  );
  return new Map(Items.map((item) => [item.agent_id as string, item]));
}

/** A recount of the stored statuses (revoked agents' tombstones left out), shaped like GET /v1/monitoring/summary's items (within `locations`). */
async function recount(tenant: string, groupBy: 'group' | 'location' | 'status', locations: string[] | null = null) {
  const rows = new Map<string, Record<Status, number>>();
  for (const item of (await storedStatuses(tenant)).values()) {
    if (item.retired_ms !== undefined) continue;
    if (locations && !locations.includes(item.location)) continue;
    const key = groupBy === 'group' ? item.group : groupBy === 'location' ? item.location : item.status;
    const counts = rows.get(key) ?? { online: 0, busy: 0, idle: 0, error: 0, offline: 0 };
    counts[item.status as Status] += 1;
    rows.set(key, counts);
  }
  if (groupBy === 'status')
    for (const status of STATUSES) if (!rows.has(status)) rows.set(status, { online: 0, busy: 0, idle: 0, error: 0, offline: 0 });
  const keys = groupBy === 'status' ? [...STATUSES] : [...rows.keys()].sort();
  return keys.map((key) => ({ key, counts: rows.get(key)!, total: Object.values(rows.get(key)!).reduce((a, b) => a + b, 0) }));
}

async function summary(tenant: string, groupBy: 'group' | 'location' | 'status', credential = token(tenant, 'viewer')) {
  const res = await api('GET', `/v1/monitoring/summary?group_by=${groupBy}`, credential);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

async function expectSummaryToEqualRecount(tenant: string) {
  for (const groupBy of ['group', 'location', 'status'] as const)
    expect((await summary(tenant, groupBy)).items, groupBy).toEqual(await recount(tenant, groupBy));
}

const invoke = (fn: 'monitoringReconcile' | 'monitoringSweepOffline') => twin.invoke(fn, scheduledEvent(twin.wiring, fn)) as Promise<Json>;

const statusChangedEvents = (tenant: string) =>
  logs
    .filter(({ line }) => line.includes('"Platform event"') && line.includes('agent.status_changed'))
    .map(({ line }) => JSON.parse(line))
    .filter((entry) => entry.tenant_id === tenant);

const monitoringUpdates = (tenant: string) =>
  logs
    .filter(({ fn, line }) => fn === 'monitoringUpdates' && line.includes('"Monitoring update published"'))
    .map(({ line }) => JSON.parse(line))
    .filter((entry) => entry.tenant_id === tenant);

function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const at = (base: number, offsetMs: number) => new Date(base + offsetMs).toISOString();

describe('many agents reporting at once', () => {
  it('concurrent, duplicated and out-of-order reports: each transition counts once and the summary equals a recount', async () => {
    const tenant = 'floor';
    const agents = await newAgents(tenant, 24);
    const next = random(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const base = Date.now() - 60_000;

    // Five reports per agent, a second apart; then every report sent once or twice, all shuffled.
    const expected = new Map<string, State>();
    const sends: { agent: (typeof agents)[number]; body: Record<string, unknown> }[] = [];
    for (const agent of agents) {
      for (let k = 0; k < 5; k++) {
        const body = {
          status: pick(STATUSES),
          group: pick(['support', 'sales']),
          location: pick(['paris', 'lyon']),
          activity: `step ${k}`,
          reported_at: at(base, k * 1000),
        };
        sends.push({ agent, body });
        if (next() < 0.5) sends.push({ agent, body });
        if (k === 4) expected.set(agent.agent_id, { status: body.status, group: body.group, location: body.location });
      }
    }
    sends.sort(() => next() - 0.5);

    // Half as the agents themselves (PUT), half through a gateway (the batch route, one report per agent per call).
    const outcomes: string[] = [];
    const viaAgents = sends.filter((_, i) => i % 2 === 0);
    const viaGateway = sends.filter((_, i) => i % 2 === 1);
    const gatewayCalls: (typeof viaGateway)[] = [];
    for (const send of viaGateway) {
      const call = gatewayCalls.find((c) => c.length < 100 && !c.some((s) => s.agent.agent_id === send.agent.agent_id));
      if (call) call.push(send);
      else gatewayCalls.push([send]);
    }
    let cursor = 0;
    const lane = async () => {
      while (cursor < viaAgents.length) {
        const { agent, body } = viaAgents[cursor++]!;
        const res = await report(agent, body);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        outcomes.push(res.json.outcome);
      }
    };
    await Promise.all([
      ...Array.from({ length: 12 }, lane),
      ...gatewayCalls.map(async (call) => {
        const res = await api('POST', '/v1/monitoring/status', token(tenant, 'maintainer'), {
          reports: call.map(({ agent, body }) => ({ agent_id: agent.agent_id, ...body })),
        });
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json.failed, JSON.stringify(res.json)).toBe(0);
        for (const result of res.json.results) outcomes.push(result.outcome);
      }),
    ]);

    // The newest report of every agent won, whatever order they arrived in.
    const stored = await storedStatuses(tenant);
    for (const [agentId, state] of expected) expect(stored.get(agentId), agentId).toMatchObject({ ...state, activity: 'step 4' });
    await expectSummaryToEqualRecount(tenant);
    expect((await summary(tenant, 'group')).total).toBe(24);

    // One agent.status_changed per transition, and only per transition.
    const changed = outcomes.filter((o) => o === 'changed').length;
    expect(changed).toBeGreaterThanOrEqual(24);
    expect(outcomes.filter((o) => o === 'stale').length).toBeGreaterThan(0);
    await until(() => (statusChangedEvents(tenant).length >= changed ? true : undefined));
    expect(statusChangedEvents(tenant)).toHaveLength(changed);
  }, 120_000);

  it('an older report never overwrites a newer one, and a duplicate changes nothing', async () => {
    const tenant = 'order';
    const [agent] = await newAgents(tenant, 1);
    const base = Date.now() - 10_000;
    const newer = await report(agent!, { status: 'busy', group: 'support', location: 'paris', activity: 'call 2', reported_at: at(base, 5_000) });
    expect(newer.json).toMatchObject({ outcome: 'changed', status: 'busy', reported_at: at(base, 5_000) });
    const older = await report(agent!, { status: 'error', group: 'support', location: 'paris', activity: 'call 1', reported_at: at(base, 1_000) });
    expect(older.status).toBe(200);
    expect(older.json).toMatchObject({ outcome: 'stale', status: 'busy', activity: 'call 2', reported_at: at(base, 5_000) });
    const again = await report(agent!, { status: 'idle', group: 'support', location: 'paris', reported_at: at(base, 5_000) });
    expect(again.json).toMatchObject({ outcome: 'stale', status: 'busy' });
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 0, busy: 1, idle: 0, error: 0, offline: 0 });
    expect(statusChangedEvents(tenant)).toHaveLength(1);
  });

  it('refuses a report from the future, and reports that are not a status', async () => {
    const tenant = 'order';
    const [agent] = await newAgents(tenant, 1);
    const future = await report(agent!, { status: 'busy', group: 'g', location: 'l', reported_at: new Date(Date.now() + 5 * 60_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.json.error.code).toBe('validation_failed');
    for (const body of [
      { status: 'asleep', group: 'g', location: 'l' },
      { status: 'busy', group: 'g' },
      { status: 'busy', group: 'g', location: 'two words' },
    ]) {
      const res = await report(agent!, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('heartbeats', () => {
  it('touch only the agent’s status item: the aggregates are not written and no event is raised', async () => {
    const tenant = 'beat';
    const [agent] = await newAgents(tenant, 1);
    const base = Date.now() - 10_000;
    expect((await report(agent!, { status: 'online', group: 'support', location: 'paris', reported_at: at(base, 0) })).json.outcome).toBe('changed');
    const cellKey = { PK: `TENANT#${tenant}#MONITOR`, SK: 'CELL#support#paris' };
    const before = (await table().send(new GetCommand({ TableName: twin.engines.tableName, Key: cellKey }))).Item!;
    const firstSeen = (await storedStatuses(tenant)).get(agent!.agent_id).last_seen_ms;

    await new Promise((resolve) => setTimeout(resolve, 20));
    const beat = await report(agent!, { status: 'online', group: 'support', location: 'paris', activity: 'waiting', reported_at: at(base, 1_000) });
    expect(beat.json).toMatchObject({ outcome: 'unchanged', status: 'online', activity: 'waiting' });

    const after = (await table().send(new GetCommand({ TableName: twin.engines.tableName, Key: cellKey }))).Item!;
    expect(after).toEqual(before); // same counts, same version: not written
    expect((await storedStatuses(tenant)).get(agent!.agent_id).last_seen_ms).toBeGreaterThan(firstSeen);
    expect(statusChangedEvents(tenant)).toHaveLength(1);
  });
});

describe('the batch route', () => {
  it('answers each report on its own, in order', async () => {
    const tenant = 'gateway';
    const [fresh, known, revoked] = await newAgents(tenant, 3);
    const [stranger] = await newAgents('elsewhere', 1);
    const m = token(tenant, 'maintainer');
    const base = Date.now() - 10_000;
    await report(known!, { status: 'busy', group: 'support', location: 'paris', reported_at: at(base, 5_000) });
    expect((await api('DELETE', `/v1/agents/${revoked!.agent_id}`, m)).status).toBe(204);

    const res = await api('POST', '/v1/monitoring/status', m, {
      reports: [
        { agent_id: fresh!.agent_id, status: 'online', group: 'support', location: 'lyon' },
        { agent_id: known!.agent_id, status: 'idle', group: 'support', location: 'paris', reported_at: at(base, 1_000) },
        { agent_id: 'agt_00000000000000000000000000', status: 'online', group: 'support', location: 'paris' },
        { agent_id: revoked!.agent_id, status: 'online', group: 'support', location: 'paris' },
        { agent_id: stranger!.agent_id, status: 'online', group: 'support', location: 'paris' },
      ],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.results).toEqual([
      expect.objectContaining({ agent_id: fresh!.agent_id, outcome: 'changed', status: 'online', location: 'lyon' }),
      expect.objectContaining({ agent_id: known!.agent_id, outcome: 'stale', status: 'busy' }),
      { agent_id: 'agt_00000000000000000000000000', outcome: 'failed', error: { code: 'not_found', message: 'The agent was not found' } },
      { agent_id: revoked!.agent_id, outcome: 'failed', error: expect.objectContaining({ code: 'conflict' }) },
      { agent_id: stranger!.agent_id, outcome: 'failed', error: { code: 'not_found', message: 'The agent was not found' } },
    ]);
    expect(res.json).toMatchObject({ changed: 1, unchanged: 0, stale: 1, failed: 3 });
    expect((await storedStatuses('elsewhere')).size).toBe(0);

    const future = await api('POST', '/v1/monitoring/status', m, {
      reports: [
        {
          agent_id: fresh!.agent_id,
          status: 'busy',
          group: 'support',
          location: 'lyon',
          reported_at: new Date(Date.now() + 3_600_000).toISOString(),
        },
      ],
    });
    expect(future.json.results[0]).toMatchObject({ outcome: 'failed', error: { code: 'validation_failed' } });
  });

  it('refuses the same agent twice in one call, more than 100 reports, agents and viewers', async () => {
    const tenant = 'gateway';
    const [agent] = await newAgents(tenant, 1);
    const one = { agent_id: agent!.agent_id, status: 'online', group: 'g', location: 'l' };
    expect((await api('POST', '/v1/monitoring/status', token(tenant, 'maintainer'), { reports: [one, one] })).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => ({ ...one, agent_id: `agt_${String(i).padStart(26, '0')}` }));
    expect((await api('POST', '/v1/monitoring/status', token(tenant, 'maintainer'), { reports: many })).status).toBe(400);
    expect((await api('POST', '/v1/monitoring/status', token(tenant, 'viewer'), { reports: [one] })).status).toBe(403);
    expect((await api('POST', '/v1/monitoring/status', agent!.api_key, { reports: [one] })).status).toBe(403);
  });
});

describe('who may report', () => {
  it('an agent reports only its own status; another tenant’s agent is not found; viewers may not report', async () => {
    const [mine, neighbour] = await newAgents('acme', 2);
    const [foreign] = await newAgents('globex', 1);
    const body = { status: 'online', group: 'support', location: 'paris' };
    expect((await report(neighbour!, body, mine!.api_key)).status).toBe(404);
    expect((await report(foreign!, body, token('acme', 'maintainer'))).status).toBe(404);
    expect((await report(foreign!, body, mine!.api_key)).status).toBe(404);
    expect((await report(mine!, body, token('acme', 'viewer'))).status).toBe(403);
    expect((await report(mine!, body, token('acme', 'maintainer'))).json.outcome).toBe('changed');
    expect((await storedStatuses('globex')).size).toBe(0);
    expect((await summary('globex', 'group')).total).toBe(0);
  });
});

describe('locations', () => {
  it('limit the summary to the caller’s locations', async () => {
    const tenant = 'regions';
    const agents = await newAgents(tenant, 6);
    const places = ['paris', 'paris', 'lyon', 'lyon', 'nice', 'nice'];
    await Promise.all(agents.map((agent, i) => report(agent, { status: i % 2 ? 'busy' : 'online', group: 'support', location: places[i] })));
    const everywhere = await summary(tenant, 'location');
    expect(everywhere.locations).toBeNull();
    expect(everywhere.items.map((i: Json) => i.key)).toEqual(['lyon', 'nice', 'paris']);
    const south = await summary(tenant, 'location', token(tenant, 'viewer', ['lyon', 'nice']));
    expect(south.locations).toEqual(['lyon', 'nice']);
    expect(south.items).toEqual(await recount(tenant, 'location', ['lyon', 'nice']));
    expect(south.total).toBe(4);
    const byGroup = await summary(tenant, 'group', token(tenant, 'viewer', ['paris']));
    expect(byGroup.items).toEqual([{ key: 'support', counts: { online: 1, busy: 1, idle: 0, error: 0, offline: 0 }, total: 2 }]);
    expect((await summary(tenant, 'status', token(tenant, 'viewer', ['atlantis']))).total).toBe(0);
  });
});

describe('the offline sweeper', () => {
  it('marks agents silent beyond the heartbeat timeout offline, as a transition; a newer report brings them back', async () => {
    const tenant = 'quiet';
    const [silent, chatty] = await newAgents(tenant, 2);
    await report(silent!, { status: 'busy', group: 'support', location: 'paris' });
    await report(chatty!, { status: 'online', group: 'support', location: 'paris' });
    // The chatty agent heartbeats every 300 ms throughout, the sweep included (it visits every tenant).
    let sweeping = true;
    const heartbeats = (async () => {
      while (sweeping) {
        await report(chatty!, { status: 'online', group: 'support', location: 'paris' });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_TIMEOUT_SECONDS * 1000 + 300));
    const result = await invoke('monitoringSweepOffline');
    sweeping = false;
    await heartbeats;
    expect(result.swept).toBeGreaterThanOrEqual(1);
    const stored = await storedStatuses(tenant);
    expect(stored.get(silent!.agent_id)).toMatchObject({ status: 'offline', group: 'support', location: 'paris', activity: null });
    expect(stored.get(chatty!.agent_id)).toMatchObject({ status: 'online' });
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 1, busy: 0, idle: 0, error: 0, offline: 1 });
    await expectSummaryToEqualRecount(tenant);
    // busy, online, then offline: three transitions, three events (heartbeats raise none).
    await until(() => (statusChangedEvents(tenant).length === 3 ? true : undefined));
    const swept = (await storedStatuses(tenant)).get(silent!.agent_id);
    await invoke('monitoringSweepOffline'); // already offline: not swept again
    expect((await storedStatuses(tenant)).get(silent!.agent_id)).toEqual(swept);

    const back = await report(silent!, { status: 'online', group: 'support', location: 'paris' });
    expect(back.json).toMatchObject({ outcome: 'changed', status: 'online' });
    expect((await summary(tenant, 'status')).totals).toMatchObject({ online: 2, offline: 0 });
  });
});

describe('revoking an agent', () => {
  it('takes it out of the summary at once, refuses its later reports, and the sweeper and reconciler leave it out', async () => {
    const tenant = 'revoking';
    const maintainer = token(tenant, 'maintainer');
    const [leaving, staying] = await newAgents(tenant, 2);
    await report(leaving!, { status: 'busy', group: 'support', location: 'paris' });
    await report(staying!, { status: 'online', group: 'support', location: 'paris' });
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 1, busy: 1, idle: 0, error: 0, offline: 0 });

    expect((await api('DELETE', `/v1/agents/${leaving!.agent_id}`, maintainer)).status).toBe(204);
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 1, busy: 0, idle: 0, error: 0, offline: 0 });
    await expectSummaryToEqualRecount(tenant);
    expect((await storedStatuses(tenant)).get(leaving!.agent_id)).toMatchObject({ status: 'busy', retired_ms: expect.any(Number) });

    // Its own key may still pass the gateway's authorizer cache (60 s): the tombstone refuses the report.
    // A maintainer reporting for it is refused too, one at a time or in a batch.
    const own = await report(leaving!, { status: 'online', group: 'support', location: 'paris' });
    expect(own.status).toBe(409);
    expect(own.json.error.message).toMatch(/revoked/);
    const single = await report(leaving!, { status: 'online', group: 'support', location: 'paris' }, maintainer);
    expect(single.status).toBe(409);
    const batch = await api('POST', '/v1/monitoring/status', maintainer, {
      reports: [{ agent_id: leaving!.agent_id, status: 'idle', group: 'support', location: 'paris' }],
    });
    expect(batch.json.results[0]).toMatchObject({ outcome: 'failed', error: { code: 'conflict' } });

    // A second revoke changes nothing; silent long enough, the revoked agent is not swept offline; a recount agrees.
    expect((await api('DELETE', `/v1/agents/${leaving!.agent_id}`, maintainer)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_TIMEOUT_SECONDS * 1000 + 300));
    await invoke('monitoringSweepOffline');
    expect((await storedStatuses(tenant)).get(leaving!.agent_id)).toMatchObject({ status: 'busy' });
    await invoke('monitoringReconcile');
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 0, busy: 0, idle: 0, error: 0, offline: 1 });
    await expectSummaryToEqualRecount(tenant);
  });

  it('holds for an agent that never reported: its cached key’s first report is refused and it is never counted', async () => {
    const tenant = 'revoking-silent';
    const maintainer = token(tenant, 'maintainer');
    const [silent, staying] = await newAgents(tenant, 2);
    await report(staying!, { status: 'online', group: 'support', location: 'paris' });
    // The key passes the authorizer once, so the gateway caches it (60 s here, as deployed).
    expect((await api('GET', '/v1/whoami', silent!.api_key)).status).toBe(200);

    expect((await api('DELETE', `/v1/agents/${silent!.agent_id}`, maintainer)).status).toBe(204);
    const own = await report(silent!, { status: 'busy', group: 'support', location: 'paris' });
    expect(own.status, JSON.stringify(own.json)).toBe(409);
    expect(own.json.error).toMatchObject({ code: 'conflict', message: 'agent revoked' });
    const batch = await api('POST', '/v1/monitoring/status', maintainer, {
      reports: [{ agent_id: silent!.agent_id, status: 'idle', group: 'support', location: 'paris' }],
    });
    expect(batch.json.results[0]).toMatchObject({ outcome: 'failed', error: { code: 'conflict', message: 'agent revoked' } });

    expect((await summary(tenant, 'status')).totals).toEqual({ online: 1, busy: 0, idle: 0, error: 0, offline: 0 });
    await invoke('monitoringReconcile');
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 1, busy: 0, idle: 0, error: 0, offline: 0 });
    await expectSummaryToEqualRecount(tenant);
    expect((await storedStatuses(tenant)).get(silent!.agent_id)).toMatchObject({ retired_ms: expect.any(Number) });
  });
});

describe('a writer that crashes mid-way', () => {
  const statusKey = (tenant: string, agentId: string) => ({ PK: `TENANT#${tenant}#AGENTSTATUS`, SK: `AGENT#${agentId}` });

  it('leaves the aggregates off until the reconciler’s next run makes them exactly the recount', async () => {
    const tenant = 'crashy';
    const agents = await newAgents(tenant, 5);
    await Promise.all(agents.map((agent) => report(agent, { status: 'online', group: 'support', location: 'paris' })));
    await expectSummaryToEqualRecount(tenant);

    // Two status writes whose writers died before their deltas: one moved status, one moved group and location.
    const db = table();
    await db.send(
      new UpdateCommand({
        TableName: twin.engines.tableName,
        Key: statusKey(tenant, agents[0]!.agent_id),
        UpdateExpression: 'SET #s = :s, reported_ms = reported_ms + :one, transitions = transitions + :one',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'error', ':one': 1 },
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: twin.engines.tableName,
        Key: statusKey(tenant, agents[1]!.agent_id),
        UpdateExpression: 'SET #g = :g, #l = :l, #s = :s, reported_ms = reported_ms + :one, transitions = transitions + :one',
        ExpressionAttributeNames: { '#g': 'group', '#l': 'location', '#s': 'status' },
        ExpressionAttributeValues: { ':g': 'sales', ':l': 'lyon', ':s': 'idle', ':one': 1 },
      }),
    );
    expect((await summary(tenant, 'status')).totals).toMatchObject({ online: 5, error: 0, idle: 0 });
    expect((await summary(tenant, 'status')).items).not.toEqual(await recount(tenant, 'status'));

    const result = await invoke('monitoringReconcile');
    expect(result.corrected).toBeGreaterThanOrEqual(2);
    await expectSummaryToEqualRecount(tenant);
    expect((await summary(tenant, 'status')).totals).toEqual({ online: 3, busy: 0, idle: 1, error: 1, offline: 0 });
    // Corrections reach dashboards like any change.
    await until(() => (monitoringUpdates(tenant).length > 0 ? true : undefined));
  });

  it('holds back the items of a delta that may still land, and corrects them once its window has passed', async () => {
    const tenant = 'inflight';
    const [agent] = await newAgents(tenant, 1);
    await report(agent!, { status: 'online', group: 'support', location: 'paris' });
    const pending = (untilMs: number) => ({
      from: { status: 'online', group: 'support', location: 'paris' },
      to: { status: 'busy', group: 'support', location: 'paris' },
      until_ms: untilMs,
    });
    const db = table();
    const item = (await db.send(new GetCommand({ TableName: twin.engines.tableName, Key: statusKey(tenant, agent!.agent_id) }))).Item!;
    // A writer is between its status write and its delta (its window still open)…
    await db.send(
      new PutCommand({
        TableName: twin.engines.tableName,
        Item: {
          ...item,
          status: 'busy',
          reported_ms: item.reported_ms + 1,
          transitions: item.transitions + 1,
          pending_dying: pending(Date.now() + 60_000),
        },
      }),
    );
    await invoke('monitoringReconcile');
    expect((await summary(tenant, 'status')).totals).toMatchObject({ online: 1, busy: 0 });

    // …and it never arrives: after the window the recount stands and the mark is cleared.
    await db.send(
      new UpdateCommand({
        TableName: twin.engines.tableName,
        Key: statusKey(tenant, agent!.agent_id),
        UpdateExpression: 'SET pending_dying = :p',
        ExpressionAttributeValues: { ':p': pending(Date.now() - 1) },
      }),
    );
    const fixed = await invoke('monitoringReconcile');
    expect(fixed.corrected).toBeGreaterThanOrEqual(1);
    expect(fixed.expired).toBeGreaterThanOrEqual(1);
    expect((await summary(tenant, 'status')).totals).toMatchObject({ online: 0, busy: 1 });
    const after = (await db.send(new GetCommand({ TableName: twin.engines.tableName, Key: statusKey(tenant, agent!.agent_id) }))).Item!;
    expect(after).not.toHaveProperty('pending_dying');
  });
});

describe('the monitoring channel', () => {
  it('gets coalesced grouped updates (never one per change, at most N per second) that end equal to the summary, per location', async () => {
    const tenant = 'wallboard';
    const agents = await newAgents(tenant, 30);
    const hq = await Dashboard.open(twin.wsUrl, token(tenant, 'viewer'));
    const lyon = await Dashboard.open(twin.wsUrl, token(tenant, 'viewer', ['lyon']));
    hq.socket.send(JSON.stringify({ action: 'subscribe', channel: 'monitoring', id: 's1' }));
    lyon.socket.send(JSON.stringify({ action: 'subscribe', channel: 'monitoring', id: 's2' }));
    await hq.waitFor((m) => m.type === 'snapshot');
    const lyonSnapshot = await lyon.waitFor((m) => m.type === 'snapshot');
    expect(lyonSnapshot.data).toMatchObject({ kind: 'summary', by_location: {} });

    // A flood: every agent changes status three times within about a second.
    const next = random(3);
    const started = Date.now();
    let transitions = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        agents.map((agent, i) =>
          report(agent, { status: STATUSES[Math.floor(next() * 4)], group: i % 3 ? 'support' : 'sales', location: i % 2 ? 'lyon' : 'paris' }),
        ),
      );
      transitions += results.filter((r) => r.json.outcome === 'changed').length;
    }

    // The dashboards converge on the summary: the last update carries exactly its counts, and
    // the lyon desk only ever sees lyon.
    const totalsOf = (message: Json) => {
      const totals: Record<string, number> = { online: 0, busy: 0, idle: 0, error: 0, offline: 0 };
      for (const groups of Object.values(message.data.by_location) as Record<string, Record<string, number>>[])
        for (const counts of Object.values(groups)) for (const [status, n] of Object.entries(counts)) totals[status]! += n;
      return totals;
    };
    const lastUpdate = (dashboard: Dashboard) => [...dashboard.messages].reverse().find((m) => m.type === 'update' && m.channel === 'monitoring');
    const everything = (await summary(tenant, 'group')).totals;
    const lyonOnly = (await summary(tenant, 'group', token(tenant, 'viewer', ['lyon']))).totals;
    await until(() => (lastUpdate(hq) && JSON.stringify(totalsOf(lastUpdate(hq))) === JSON.stringify(everything) ? true : undefined));
    await until(() => (lastUpdate(lyon) && JSON.stringify(totalsOf(lastUpdate(lyon))) === JSON.stringify(lyonOnly) ? true : undefined));
    // Nothing but lyon (an update published before any lyon agent changed has no location at all).
    for (const update of lyon.messages.filter((m) => m.type === 'update'))
      expect(Object.keys(update.data.by_location).filter((location) => location !== 'lyon')).toEqual([]);
    expect(Object.keys(lastUpdate(lyon).data.by_location)).toEqual(['lyon']);
    expect(lastUpdate(hq).data.kind).toBe('summary');

    // Coalesced: far fewer updates than transitions, and never more than N in any second.
    const published = monitoringUpdates(tenant).map((u) => u.published_at_ms as number);
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(transitions).toBeGreaterThan(30);
    expect(published.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * UPDATES_PER_SECOND) + 1);
    expect(published.length).toBeLessThan(transitions);
    const sorted = [...published].sort((a, b) => a - b);
    for (let i = UPDATES_PER_SECOND; i < sorted.length; i++) expect(sorted[i]! - sorted[i - UPDATES_PER_SECOND]!).toBeGreaterThanOrEqual(1000);
    await Promise.all([hq.close(), lyon.close()]);
  }, 90_000);

  it('a gateway’s batch of changes reaches an events viewer as one agent.status_changed each, numbered without a gap', async () => {
    const tenant = 'eventsfeed';
    const agents = await newAgents(tenant, 14);
    const viewer = await Dashboard.open(twin.wsUrl, token(tenant, 'viewer'));
    viewer.socket.send(JSON.stringify({ action: 'subscribe', channel: 'events', id: 'e' }));
    await viewer.waitFor((m) => m.type === 'snapshot');
    const res = await api('POST', '/v1/monitoring/status', token(tenant, 'maintainer'), {
      reports: agents.map((agent, i) => ({ agent_id: agent.agent_id, status: i % 2 ? 'busy' : 'idle', group: 'support', location: 'paris' })),
    });
    expect(res.json.changed).toBe(14);
    // Published together (two packed broadcast messages of ten and four): each change arrives once.
    const updates = () => viewer.messages.filter((m) => m.type === 'update' && m.channel === 'events');
    await until(() => (updates().length >= 14 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates()).toHaveLength(14);
    expect(new Set(updates().map((m) => m.data.agent_id))).toEqual(new Set(agents.map((a) => a.agent_id)));
    const seqs = updates()
      .map((m) => m.seq as number)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(updates().every((m) => m.data.type === 'agent.status_changed' && m.correlation_id === res.headers.get('x-correlation-id'))).toBe(true);
    // Two worker invocations (one audience Query each), not fourteen.
    const delivered = logs
      .filter(({ fn, line }) => fn === 'broadcastWorker' && line.includes('"Broadcast delivered"'))
      .map(({ line }) => JSON.parse(line))
      .filter((entry) => entry.tenant_id === tenant && entry.channel === 'events');
    expect(delivered.map((entry) => entry.updates as number).sort((a, b) => a - b)).toEqual([4, 10]);
    expect(delivered).toHaveLength(2);
    await viewer.close();
  }, 60_000);
});
