// Input DynamoDB would refuse is a 400 on the twin before it gets there, as it must be in the cloud:
// JSON values nested past DynamoDB's 32 levels (a ~1,000-deep body once crashed the twin's engine),
// numbers beyond its range, list cursors of the wrong key shape, and an audit range whose `from` is
// after its `to` (all three once 500s from a ValidationException). And validation messages say what is allowed.
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantTwin } from '../support/tenant-twin.ts';
import { callApi, type ApiResponse } from '../support/twin-api.ts';

const tenant = 'limits';
// This process's twin, shared with the other tenant files (test/support/tenant-twin.ts).
const on = tenantTwin(tenant);
let admin = '';
let agentKey = '';
let agentId = '';
let benchmarkId = '';
let submissionId = '';
let webhookId = '';

const api = (method: string, path: string, credential: string, body?: unknown) => callApi(on.twin.httpUrl, method, path, credential, body);
const raw = async (method: string, path: string, credential: string, body: string) => {
  const res = await fetch(`${on.twin.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
};

/** `{"a":{"a":…"x"}}` with `levels` objects. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const submit = (metadata: unknown) =>
  api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agentKey, { answers: [{ task_id: 't1', output: 'a' }], metadata });
const sendEvent = (metadata: unknown) =>
  api('POST', '/v1/integrations/events', admin, { source: 'probe', event_type: 'deep_probe', severity: 'low', message: 'm', metadata });

/** The twin and its DynamoDB engine still answer. */
async function stillServing() {
  expect((await api('GET', '/v1/whoami', admin)).status).toBe(200);
  const agents = await api('GET', '/v1/agents', admin);
  expect(agents.status).toBe(200);
  expect(agents.json.items.map((a: { agent_id: string }) => a.agent_id)).toContain(agentId);
}

const expectRefused = (res: ApiResponse | { status: number; json: any }, message: RegExp) => {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error.code).toBe('validation_failed');
  expect(JSON.stringify(res.json.error)).toMatch(message);
};

beforeAll(async () => {
  admin = on.twin.issuer.mint({ tenant, roles: ['admin'], sub: 'limits-admin' });
  const agent = await api('POST', '/v1/agents', admin, { name: 'deep-thinker' });
  expect(agent.status).toBe(201);
  ({ api_key: agentKey, agent_id: agentId } = agent.json);
  const benchmark = await api('POST', '/v1/benchmarks', admin, {
    name: 'limits',
    daily_submission_limit: 100,
    tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  });
  expect(benchmark.status).toBe(201);
  benchmarkId = benchmark.json.benchmark_id;
  const submission = await submit(undefined);
  expect(submission.status).toBe(202);
  submissionId = submission.json.submission_id;
  const webhook = await api('POST', '/v1/webhooks', admin, { url: 'http://127.0.0.1:9/limits', event_types: ['nothing.sent'] });
  expect(webhook.status).toBe(201);
  webhookId = webhook.json.webhook_id;
}, 240_000);

describe('JSON nested past DynamoDB’s 32 levels', () => {
  it('a ~1,000-deep submission metadata is a 400 naming the limit, and the twin keeps serving', async () => {
    expectRefused(await submit(nested(1000)), /metadata.*must nest at most 31 levels of objects and arrays \(DynamoDB stores at most 32 levels/);
    await stillServing();
  });

  it('a ~1,000-deep event metadata is a 400, and the twin keeps serving', async () => {
    expectRefused(await sendEvent(nested(1000)), /metadata.*must nest at most 31 levels/);
    await stillServing();
  });

  it('a 100,000-deep body is a 400 too (no recursion in our validation)', async () => {
    const deep = `{"answers":[{"task_id":"t1","output":"a"}],"metadata":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expectRefused(await raw('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agentKey, deep), /must nest at most 31 levels/);
    await stillServing();
  });

  it('metadata 33 and 32 levels deep is refused; 31 (a top-level attribute under the item) is accepted', async () => {
    expectRefused(await submit(nested(33)), /must nest at most 31 levels/);
    expectRefused(await submit(nested(32)), /must nest at most 31 levels/);
    const accepted = await submit(nested(31));
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    const stored = await api('GET', `/v1/submissions/${accepted.json.submission_id}`, admin);
    expect(stored.json.metadata).toEqual(nested(31));
    expectRefused(await sendEvent(nested(33)), /must nest at most 31 levels/);
    expectRefused(await sendEvent(nested(32)), /must nest at most 31 levels/);
    expect((await sendEvent(nested(31))).status).toBe(202);
  });

  it('a number DynamoDB cannot store (1e200, 1e-200) is a 400, not a 500 from DynamoDB', async () => {
    expectRefused(await sendEvent({ reading: 1e200 }), /metadata.*holds 1e\+200, a number DynamoDB cannot store/);
    expectRefused(await submit({ reading: -1e-200 }), /metadata.*holds -1e-200/);
  });

  it('an answer output (3 levels down its item) may nest 29 levels', async () => {
    const answer = (output: unknown) => api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agentKey, { answers: [{ task_id: 't1', output }] });
    expectRefused(await answer(nested(30)), /answers\.0\.output.*must nest at most 29 levels/);
    expect((await answer(nested(29))).status).toBe(202);
  });

  it('an attempt in outputs (one level deeper: item → answers → answer → outputs) may nest 28 levels', async () => {
    const answer = (output: unknown) =>
      api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agentKey, { answers: [{ task_id: 't1', outputs: ['a', output] }] });
    expectRefused(await answer(nested(29)), /answers\.0\.outputs\.1.*must nest at most 28 levels/);
    expect((await answer(nested(28))).status).toBe(202);
  });
});

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Every list route (infra/wiring.ts), with a key of its own shape and one of another list's. */
function lists() {
  const t = `TENANT#${tenant}`;
  const tableKey = (PK: string, SK: string) => ({ PK, SK });
  const gsiKey = (GSI1PK: string, GSI1SK: string) => ({ PK: `${t}#X#1`, SK: 'X', GSI1PK, GSI1SK });
  const agentKeyOfList = tableKey(t, `AGENT#${agentId}`);
  const eventKey = gsiKey(`${t}#EVENTS`, 'evt_00000000000000000000000000');
  return [
    { path: '/v1/agents', own: agentKeyOfList, other: tableKey(t, `WEBHOOK#${webhookId}`) },
    { path: '/v1/benchmarks', own: tableKey(t, `BENCH#${benchmarkId}`), other: agentKeyOfList },
    { path: `/v1/benchmarks/${benchmarkId}/versions`, own: tableKey(`${t}#BENCH#${benchmarkId}`, 'VERSION#0001'), other: agentKeyOfList },
    { path: '/v1/webhooks', own: tableKey(t, `WEBHOOK#${webhookId}`), other: agentKeyOfList },
    {
      path: `/v1/submissions/${submissionId}/logs`,
      own: tableKey(`${t}#SUB#${submissionId}`, 'LOG#2026-01-01T00:00:00.000Z#1'),
      other: agentKeyOfList,
    },
    { path: '/v1/admin/dead-letters?queue=scoring', own: tableKey(`${t}#DEADLETTER#scoring`, 'DL#1'), other: agentKeyOfList },
    { path: '/v1/audit', own: tableKey(`${t}#AUDIT`, '2026-01-01T00:00:00.000Z#aud_1'), other: agentKeyOfList },
    {
      path: `/v1/benchmarks/${benchmarkId}/submissions`,
      own: gsiKey(`${t}#BENCH#${benchmarkId}#SUBS`, '2026-01-01T00:00:00.000Z#sub_1'),
      other: eventKey,
    },
    { path: '/v1/integrations/events', own: eventKey, other: gsiKey(`${t}#BENCH#${benchmarkId}#SUBS`, 'x') },
    { path: `/v1/webhooks/${webhookId}/deliveries`, own: gsiKey(`${t}#WEBHOOK#${webhookId}#DELIVERIES`, 'x'), other: eventKey },
  ];
}

const withCursor = (path: string, cursor: string) => `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`;

describe('list cursors of the wrong shape', () => {
  it('every list answers its own key shape, and 400 for an extra key, a missing key and another list’s key', async () => {
    for (const list of lists()) {
      const ok = await api('GET', withCursor(list.path, cursorOf(list.own)), admin);
      expect(ok.status, `${list.path} own cursor: ${ok.text}`).toBe(200);
      const { SK: _sk, ...missing } = list.own;
      for (const [what, key, message] of [
        ['extra key', { ...list.own, x: 1 }, /it has keys this list's cursors do not \(x\)/],
        ['missing key', missing, /it lacks SK/],
        ['another list’s key', list.other, /it belongs to another list|it lacks GSI1PK, GSI1SK/],
      ] as const) {
        const res = await api('GET', withCursor(list.path, cursorOf(key)), admin);
        expect(res.status, `${list.path} ${what}: ${res.text}`).toBe(400);
        expect(res.json.error.code).toBe('validation_failed');
        expect(res.json.error.message, `${list.path} ${what}`).toMatch(message);
      }
    }
  });

  it('a list’s own next_cursor still takes its next page (lists the other suites do not page through)', async () => {
    expect(
      (
        await api('POST', '/v1/benchmarks', admin, {
          name: 'second',
          tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
        })
      ).status,
    ).toBe(201);
    expect((await api('POST', '/v1/webhooks', admin, { url: 'http://127.0.0.1:9/second', event_types: ['nothing.sent'] })).status).toBe(201);
    const newTasks = [{ task_id: 't1', input: 'q2', expected: 'a', scorer: { type: 'exact' } }];
    expect((await api('PATCH', `/v1/benchmarks/${benchmarkId}`, admin, { tasks: newTasks })).status).toBe(200);
    for (const path of [
      '/v1/audit?limit=1',
      '/v1/audit?limit=1&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z',
      `/v1/benchmarks/${benchmarkId}/submissions?limit=1`,
      '/v1/benchmarks?limit=1',
      '/v1/webhooks?limit=1',
      `/v1/benchmarks/${benchmarkId}/versions?limit=1`,
    ]) {
      const first = await api('GET', path, admin);
      expect(first.status, `${path}: ${first.text}`).toBe(200);
      expect(first.json.next_cursor, path).toEqual(expect.any(String));
      const next = await api('GET', withCursor(path, first.json.next_cursor), admin);
      expect(next.status, `${path} next page: ${next.text}`).toBe(200);
      expect(next.json.items).toHaveLength(1);
      expect(next.json.items[0]).not.toEqual(first.json.items[0]);
    }
  });

  it('the leaderboard’s cursor (a key and an offset) likewise', async () => {
    const board = `TENANT#${tenant}#BOARD#${benchmarkId}#V#1`;
    const own = { PK: `${board}#x`, SK: 'ENTRY', GSI1PK: board, GSI1SK: '0' };
    const path = `/v1/benchmarks/${benchmarkId}/leaderboard?version=1`;
    expect((await api('GET', withCursor(path, cursorOf({ key: own, offset: 1 })), admin)).status).toBe(200);
    expectRefused(
      await api('GET', withCursor(path, cursorOf({ key: { ...own, x: 1 }, offset: 1 })), admin),
      /it has keys this list's cursors do not \(x\)/,
    );
    expectRefused(
      await api('GET', withCursor(path, cursorOf({ key: { PK: own.PK, SK: own.SK, GSI1PK: board }, offset: 1 })), admin),
      /it lacks GSI1SK/,
    );
    expectRefused(
      await api('GET', withCursor(path, cursorOf({ key: { ...own, GSI1PK: `TENANT#${tenant}#EVENTS` }, offset: 1 })), admin),
      /it belongs to another list/,
    );
  });
});

describe('time ranges', () => {
  it('GET /v1/audit with from after to is a 400 saying so; from equal to to is a range', async () => {
    expectRefused(await api('GET', '/v1/audit?from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', admin), /from.*must not be after to/);
    expect((await api('GET', '/v1/audit?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00.000Z', admin)).status).toBe(200);
  });
});

describe('validation messages name what is allowed', () => {
  const refusedWith = async (res: Promise<{ status: number; json: any }>, message: string, detail: { path: string; message: string }) => {
    const { status, json } = await res;
    expect(status, JSON.stringify(json)).toBe(400);
    expect(json.error.message).toBe(message);
    expect(json.error.details).toContainEqual(expect.objectContaining(detail));
  };

  it('limit=0 and limit=1.5 give the range; ?queue=bogus lists the queues', async () => {
    const range = { path: 'limit', message: 'must be an integer from 1 to 200' };
    await refusedWith(api('GET', '/v1/agents?limit=0', admin), 'The request query is invalid: limit must be an integer from 1 to 200', range);
    await refusedWith(api('GET', '/v1/agents?limit=1.5', admin), 'The request query is invalid: limit must be an integer from 1 to 200', range);
    await refusedWith(
      api('GET', '/v1/admin/dead-letters?queue=bogus', admin),
      'The request query is invalid: queue must be one of scoring, broadcast, delivery, monitoring, judging',
      { path: 'queue', message: 'must be one of scoring, broadcast, delivery, monitoring, judging' },
    );
  });

  it('an empty or null body says what the body must hold', async () => {
    const path = `/v1/benchmarks/${benchmarkId}/submissions`;
    const fields = 'a JSON object with answers (required), metadata, usage';
    await refusedWith(raw('POST', path, agentKey, ''), `The request body is invalid: body is required: ${fields}`, {
      path: '',
      message: `is required: ${fields}`,
    });
    await refusedWith(raw('POST', path, agentKey, 'null'), `The request body is invalid: body must be ${fields}, not null`, {
      path: '',
      message: `must be ${fields}, not null`,
    });
  });

  it('a span with a wrong kind lists the kinds', async () => {
    const spans = [{ span_id: 's1', name: 'call', kind: 'robot', started_at: '2026-03-01T10:00:00Z', status: 'ok' }];
    await refusedWith(
      api('POST', `/v1/submissions/${submissionId}/traces`, agentKey, { spans }),
      'The request body is invalid: spans.0.kind must be one of agent, llm, tool, retrieval, chain, other',
      { path: 'spans.0.kind', message: 'must be one of agent, llm, tool, retrieval, chain, other' },
    );
  });
});
