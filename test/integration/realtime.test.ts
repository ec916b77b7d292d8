// Real-time as a dashboard and an agent meet it on the twin, with real WebSocket clients: a viewer
// watches a leaderboard move as submissions are scored, an agent's log lines stream on its
// submission's channel, channels are authorised per tenant and per agent, bad frames are answered
// and the connection stays open, gone connections are forgotten on the next broadcast, and
// unsubscribing stops updates. The shard size is tiny here so every broadcast of more than three
// subscribers also goes through shards re-enqueued on the broadcast queue.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { callApi, until } from '../support/twin-api.ts';

let twin: Twin;
const TENANT = 'rt';
const logs: string[] = [];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- messages and bodies are asserted field by field

beforeAll(async () => {
  twin = await startTwin({
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-realtime-')),
    settings: { BROADCAST_SHARD_SIZE: '3', BROADCAST_FIRST_SHARD_SIZE: '3' },
    onLog: (fn, line) => {
      logs.push(`[${fn}] ${line}`);
      if (process.env.TWIN_LOGS) console.log(fn, line);
    },
  });
});
afterAll(() => twin?.stop());

const token = (role: string, tenant = TENANT, extra: { sub?: string; locations?: string[] } = {}) =>
  twin.issuer.mint({ tenant, roles: [role], sub: extra.sub ?? `${tenant}-${role}`, ...(extra.locations ? { locations: extra.locations } : {}) });

const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);

const table = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

const newAgent = async (name: string) =>
  (await api('POST', '/v1/agents', token('maintainer'), { name })).json as { agent_id: string; api_key: string };
const newBenchmark = async (name: string, credential = token('maintainer')) =>
  (
    await api('POST', '/v1/benchmarks', credential, {
      name,
      daily_submission_limit: 50,
      tasks: [
        { task_id: 'a', input: 'first', expected: 'x', scorer: { type: 'exact' } },
        { task_id: 'b', input: 'second', expected: 'y', scorer: { type: 'exact' } },
      ],
    })
  ).json.benchmark_id as string;
const submit = async (benchmarkId: string, agent: { api_key: string }, answers: { task_id: string; output: string }[]) => {
  const res = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return res.json.submission_id as string;
};

/** The registry items a connection left behind: its own item and its subscriptions. */
async function registryOf(connectionId: string, channels: string[], tenant = TENANT) {
  const db = table();
  const own = await db.send(new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `CONN#${connectionId}`, SK: 'CONN' } }));
  const subs = await Promise.all(
    channels.map((channel) =>
      db.send(new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `TENANT#${tenant}#CHAN#${channel}`, SK: `CONN#${connectionId}` } })),
    ),
  );
  return { connection: own.Item, subscriptions: subs.map((s) => s.Item).filter(Boolean) };
}

async function connectionIdsOf(principalId: string, tenant = TENANT): Promise<string[]> {
  const { Items = [] } = await table().send(
    new QueryCommand({
      TableName: twin.engines.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': `TENANT#${tenant}#PRINCIPAL#${principalId}` },
    }),
  );
  return Items.map((item) => item.connection_id as string);
}

describe('a dashboard watching a leaderboard', () => {
  it('gets ack and snapshot, then live updates numbered 1, 2… as agents’ submissions are scored', async () => {
    const benchmarkId = await newBenchmark('Live board');
    const [ada, bob] = [await newAgent('ada'), await newAgent('bob')];
    const early = await submit(benchmarkId, ada, [{ task_id: 'a', output: 'x' }]);
    // Scored and published (nobody watched the board, so it took no seq): what follows the subscribe is only what is new.
    await until(async () => (logs.some((line) => line.includes('Scoring request handled') && line.includes(early)) ? true : undefined));
    const { Item: counter } = await table().send(
      new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `TENANT#${TENANT}#CHAN#leaderboard:${benchmarkId}`, SK: 'SEQ' } }),
    );
    expect(counter).toBeUndefined();

    const viewer = await Dashboard.open(twin.wsUrl, token('viewer'));
    const channel = `leaderboard:${benchmarkId}`;
    const { ack, snapshot } = await viewer.subscribe(channel, 'watch-1');
    expect(ack).toMatchObject({ type: 'ack', channel, id: 'watch-1', correlation_id: expect.any(String) });
    expect(snapshot).toMatchObject({ type: 'snapshot', channel, seq: 0, data: { benchmark_id: benchmarkId, version: 1, leaderboard_rule: 'best' } });
    expect(snapshot.data.entries).toEqual([expect.objectContaining({ rank: 1, agent_id: ada.agent_id, score: 0.5, submission_id: early })]);
    const base = snapshot.seq as number;
    expect(viewer.messages.indexOf(ack)).toBeLessThan(viewer.messages.indexOf(snapshot));

    const second = await submit(benchmarkId, bob, [
      { task_id: 'a', output: 'x' },
      { task_id: 'b', output: 'y' },
    ]);
    const first = await viewer.waitFor((m) => m.type === 'update' && m.channel === channel);
    expect(first).toMatchObject({
      seq: base + 1,
      data: { kind: 'entry', type: 'submission.scored', agent_id: bob.agent_id, submission_id: second, score: 1 },
      correlation_id: expect.any(String),
      ts: expect.any(String),
    });
    const third = await submit(benchmarkId, ada, [
      { task_id: 'a', output: 'x' },
      { task_id: 'b', output: 'y' },
    ]);
    await viewer.waitFor((m) => m.type === 'update' && m.channel === channel && m.data.submission_id === third);
    expect(viewer.updates(channel).map((m) => m.seq)).toEqual([base + 1, base + 2]);
    await viewer.close();
  });

  it('reaches every one of many subscribers exactly once, through shards', async () => {
    const benchmarkId = await newBenchmark('Crowded board');
    const agent = await newAgent('crowd-pleaser');
    const channel = `leaderboard:${benchmarkId}`;
    const viewers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: `crowd-${i}` }))),
    );
    for (const viewer of viewers) await viewer.subscribe(channel);

    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);
    for (const viewer of viewers) await viewer.waitFor((m) => m.type === 'update' && m.data?.submission_id === submissionId);
    await new Promise((resolve) => setTimeout(resolve, 300)); // any duplicate would have arrived by now
    for (const viewer of viewers) expect(viewer.updates(channel).map((m) => m.seq)).toEqual([1]);
    expect(logs.some((line) => line.includes('Broadcast delivered') && line.includes('"kind":"shard"'))).toBe(true);
    await Promise.all(viewers.map((viewer) => viewer.close()));
  });
});

describe('a dashboard that subscribes while submissions are being scored', () => {
  it('misses none of them (in its snapshot or as updates) and sees no gap in seq', async () => {
    const benchmarkId = await newBenchmark('Busy board');
    const channel = `leaderboard:${benchmarkId}`;
    const agents = await Promise.all(Array.from({ length: 8 }, (_, i) => newAgent(`busy-${i}`)));
    // Half are scored around the subscribe (before, during or after it: the board had no subscriber
    // until then, so their updates may take no seq), half after it.
    const first = agents.slice(0, 4).map((agent) => submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]));
    const viewer = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'busy-viewer' }));
    const { snapshot } = await viewer.subscribe(channel);
    await Promise.all(first);
    for (const agent of agents.slice(4)) await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);

    const seen = () =>
      new Set([
        ...(snapshot.data.entries as { agent_id: string }[]).map((entry) => entry.agent_id),
        ...viewer.updates(channel).map((m) => m.data.agent_id as string),
      ]);
    await until(async () => (agents.every((agent) => seen().has(agent.agent_id)) ? true : undefined), 'every agent on the board', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // any late or duplicate update would have arrived by now
    // Updates at or before the snapshot's seq are dropped by clients; those after it run on without a gap.
    const fresh = [...new Set(viewer.updates(channel).map((m) => m.seq as number))].filter((seq) => seq > snapshot.seq).sort((a, b) => a - b);
    expect(fresh).toEqual(fresh.map((_, i) => snapshot.seq + 1 + i));
    const { Item: counter } = await table().send(
      new GetCommand({ TableName: twin.engines.tableName, Key: { PK: `TENANT#${TENANT}#CHAN#${channel}`, SK: 'SEQ' } }),
    );
    expect(fresh.at(-1) ?? snapshot.seq).toBe(counter!.seq);
    await viewer.close();
  });
});

describe('an agent’s submission channel', () => {
  it('streams log lines as they are posted, to the agent and to viewers', async () => {
    const benchmarkId = await newBenchmark('Logged');
    const agent = await newAgent('chatty');
    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'nope' }]);
    const channel = `submission:${submissionId}`;

    const asAgent = await Dashboard.open(twin.wsUrl, agent.api_key);
    const viewer = await Dashboard.open(twin.wsUrl, token('viewer'));
    const { snapshot } = await asAgent.subscribe(channel);
    expect(snapshot.data).toMatchObject({ kind: 'status', submission_id: submissionId, agent_id: agent.agent_id });
    expect(['queued', 'scoring', 'scored']).toContain(snapshot.data.status);
    await viewer.subscribe(channel);

    const lines = [
      { ts: '2026-11-21T12:00:00Z', level: 'info', message: 'thinking' },
      { ts: '2026-11-21T12:00:01Z', level: 'warn', message: 'tool timed out' },
    ];
    expect((await api('POST', `/v1/submissions/${submissionId}/logs`, agent.api_key, { lines })).status).toBe(200);
    for (const client of [asAgent, viewer]) {
      const update = await client.waitFor((m) => m.type === 'update' && m.data?.kind === 'log');
      expect(update).toMatchObject({ channel, data: { kind: 'log', type: 'submission.log', submission_id: submissionId, lines } });
    }
    await Promise.all([asAgent.close(), viewer.close()]);
  });

  it('splits a large batch of lines into updates of one frame each, with consecutive seq numbers', async () => {
    const benchmarkId = await newBenchmark('Verbose');
    const agent = await newAgent('verbose');
    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);
    const channel = `submission:${submissionId}`;
    const viewer = await Dashboard.open(twin.wsUrl, token('viewer'));
    const { snapshot } = await viewer.subscribe(channel);
    await until(async () => ((await api('GET', `/v1/submissions/${submissionId}`, token('viewer'))).json.status === 'scored' ? true : undefined));
    await viewer.waitFor((m) => m.type === 'update' && m.data?.kind === 'status').catch(() => undefined);

    const lines = Array.from({ length: 200 }, (_, i) => ({ ts: '2026-11-21T12:00:00Z', level: 'debug', message: `${i} ${'·'.repeat(500)}` }));
    expect((await api('POST', `/v1/submissions/${submissionId}/logs`, agent.api_key, { lines })).status).toBe(200);
    const received = await until(async () => {
      const parts = viewer.updates(channel).filter((m) => m.data.kind === 'log');
      return parts.length > 0 && parts.length === parts[0].data.parts ? parts : undefined;
    });
    expect(received.length).toBeGreaterThan(2);
    const sorted = [...received].sort((a, b) => a.seq - b.seq);
    expect(sorted.map((m) => m.data.part)).toEqual(sorted.map((_, i) => i + 1));
    expect(sorted.map((m) => m.seq)).toEqual(sorted.map((_, i) => sorted[0].seq + i));
    expect(sorted[0].seq).toBeGreaterThan(snapshot.seq);
    expect(sorted.flatMap((m) => m.data.lines)).toEqual(lines);
    for (const size of viewer.sizes) expect(size).toBeLessThanOrEqual(32 * 1024);
    await viewer.close();
  });
});

describe('authorisation per channel', () => {
  it('refuses another tenant’s leaderboard as not found, and the connection stays open', async () => {
    const benchmarkId = await newBenchmark('Private board');
    const stranger = await Dashboard.open(twin.wsUrl, token('admin', 'globex'));
    const answer = await stranger.request({ action: 'subscribe', channel: `leaderboard:${benchmarkId}`, id: 'peek' });
    expect(answer).toMatchObject({ type: 'error', code: 'not_found', id: 'peek' });
    expect(await stranger.request({ action: 'ping', id: 'still-there' })).toMatchObject({ type: 'pong', id: 'still-there' });
    const [connectionId] = await connectionIdsOf('globex-admin', 'globex');
    expect((await registryOf(connectionId!, [`leaderboard:${benchmarkId}`], 'globex')).subscriptions).toEqual([]);
    expect((await registryOf(connectionId!, [`leaderboard:${benchmarkId}`])).subscriptions).toEqual([]);
    await stranger.close();
  });

  it('lets an agent watch only its own submissions, and neither monitoring nor events', async () => {
    const benchmarkId = await newBenchmark('Mine');
    const [owner, other] = [await newAgent('owner'), await newAgent('other')];
    const submissionId = await submit(benchmarkId, owner, [{ task_id: 'a', output: 'x' }]);
    const intruder = await Dashboard.open(twin.wsUrl, other.api_key);
    expect(await intruder.request({ action: 'subscribe', channel: `submission:${submissionId}`, id: 'x1' })).toMatchObject({
      type: 'error',
      code: 'not_found',
    });
    expect(await intruder.request({ action: 'subscribe', channel: 'monitoring', id: 'x2' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await intruder.request({ action: 'subscribe', channel: 'events', id: 'x3' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await intruder.subscribe(`leaderboard:${benchmarkId}`)).ack).toMatchObject({ type: 'ack' });
    await intruder.close();
  });
});

describe('the subscription limit', () => {
  it('refuses the 101st channel with too_many_subscriptions, keeps the connection open, and frees a slot on unsubscribe', async () => {
    // 100 leaderboards (a leaderboard channel needs an existing benchmark of the tenant), created
    // by a maintainer of their own: rate limits count per principal.
    const hoarder = token('maintainer', TENANT, { sub: 'hoarder' });
    const boards: string[] = [];
    for (let i = 0; i < 100; i += 20)
      boards.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => newBenchmark(`Hoard ${i + j}`, hoarder)))));
    expect(new Set(boards).size).toBe(100);
    const channels = boards.map((id) => `leaderboard:${id}`);

    const client = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'hoarder-viewer' }));
    for (const [i, channel] of channels.entries()) client.send({ action: 'subscribe', channel, id: `s${i}` }); // pipelined
    const acks = await until(
      async () => {
        const answers = channels.map((_, i) => client.messages.find((m) => m.id === `s${i}`));
        return answers.every(Boolean) ? answers : undefined;
      },
      'the 100 acks',
      15_000,
    );
    for (const [i, answer] of acks.entries()) expect(answer, `s${i}`).toMatchObject({ type: 'ack', channel: channels[i] });

    expect(await client.request({ action: 'subscribe', channel: 'events', id: 'one-too-many' })).toMatchObject({
      type: 'error',
      code: 'too_many_subscriptions',
      id: 'one-too-many',
      message: expect.stringContaining('100'),
    });
    const [connectionId] = await connectionIdsOf('hoarder-viewer');
    const registry = await registryOf(connectionId!, ['events', ...channels]);
    expect((registry.connection!.channels as Set<string>).size).toBe(100);
    expect(registry.subscriptions.map((item) => item!.channel).sort()).toEqual([...channels].sort()); // no `events`
    expect(await client.request({ action: 'ping', id: 'still-open' })).toMatchObject({ type: 'pong', id: 'still-open' });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);

    // Re-subscribing to a channel it already watches is no new channel: still accepted at the limit.
    expect(await client.request({ action: 'subscribe', channel: channels[1]!, id: 'again' })).toMatchObject({ type: 'ack', id: 'again' });
    expect(await client.request({ action: 'unsubscribe', channel: channels[0]!, id: 'drop-one' })).toMatchObject({ type: 'ack', id: 'drop-one' });
    const { ack, snapshot } = await client.subscribe('events', 'room-again');
    expect(ack).toMatchObject({ type: 'ack', channel: 'events', id: 'room-again' });
    expect(snapshot).toMatchObject({ type: 'snapshot', channel: 'events' });
    expect(await client.request({ action: 'subscribe', channel: channels[0]!, id: 'full-again' })).toMatchObject({
      type: 'error',
      code: 'too_many_subscriptions',
      id: 'full-again',
    });
    await client.close();
  });
});

describe('bad frames', () => {
  it('are answered with an error carrying a code, and the connection stays open', async () => {
    const client = await Dashboard.open(twin.wsUrl, token('viewer'));
    const cases: [unknown, string][] = [
      [{ action: 'dance', id: 'f1' }, 'unknown_action'],
      [{ action: 42, id: 'f2' }, 'malformed_frame'],
      [{ action: 'subscribe', id: 'f3' }, 'validation_failed'],
      [{ action: 'subscribe', channel: 'chat:general', id: 'f4' }, 'unknown_channel'],
      [{ action: 'subscribe', channel: 'leaderboard:../../etc', id: 'f5' }, 'validation_failed'],
      [{ action: 'subscribe', channel: 'leaderboard:bm_nosuch', id: 'f6' }, 'not_found'],
    ];
    for (const [frame, code] of cases) {
      const id = (frame as { id: string }).id;
      expect(await client.request(frame as never), id).toMatchObject({ type: 'error', code, id, message: expect.any(String) });
    }
    const from = client.messages.length;
    client.send('this is not json');
    expect(await client.waitFor((m) => m.type === 'error', 15_000, from)).toMatchObject({ code: 'malformed_frame' });
    expect(await client.request({ action: 'ping', id: 'alive' })).toMatchObject({ type: 'pong', id: 'alive' });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    await client.close();
  });
});

describe('gone connections', () => {
  it('a killed client, and one whose $disconnect was lost, are forgotten on the next broadcast; the others still get it', async () => {
    const benchmarkId = await newBenchmark('Survivors');
    const agent = await newAgent('survivor');
    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);
    const channel = `submission:${submissionId}`;

    const keeper = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'keeper' }));
    const victim = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'victim' }));
    await keeper.subscribe(channel);
    await victim.subscribe(channel);
    await keeper.subscribe('events');
    const [victimId] = await connectionIdsOf('victim');
    expect((await registryOf(victimId!, [channel])).subscriptions).toHaveLength(1);

    // A phantom: registered and subscribed, but API Gateway no longer knows it (its $disconnect never ran).
    const phantom = `phantom${Date.now()}=`;
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const db = table();
    await db.send(
      new PutCommand({
        TableName: twin.engines.tableName,
        Item: {
          PK: `CONN#${phantom}`,
          SK: 'CONN',
          tenant_id: TENANT,
          connection_id: phantom,
          channels: new Set([channel, 'events']),
          expires_at: expires,
        },
      }),
    );
    for (const ch of [channel, 'events'])
      await db.send(
        new PutCommand({
          TableName: twin.engines.tableName,
          Item: { PK: `TENANT#${TENANT}#CHAN#${ch}`, SK: `CONN#${phantom}`, connection_id: phantom, locations: null, expires_at: expires },
        }),
      );

    victim.socket.terminate(); // no close frame
    await api('POST', `/v1/submissions/${submissionId}/logs`, agent.api_key, {
      lines: [{ ts: '2026-11-21T12:00:00Z', level: 'info', message: 'still here?' }],
    });
    await keeper.waitFor((m) => m.type === 'update' && m.data?.kind === 'log');

    await until(async () => {
      const [v, p] = [await registryOf(victimId!, [channel]), await registryOf(phantom, [channel, 'events'])];
      return !v.connection && v.subscriptions.length === 0 && !p.connection && p.subscriptions.length === 0 ? true : undefined;
    });
    const [keeperId] = await connectionIdsOf('keeper');
    expect((await registryOf(keeperId!, [channel, 'events'])).subscriptions).toHaveLength(2);
    await keeper.close();
  });

  it('$disconnect removes exactly the closed connection and its subscriptions', async () => {
    const a = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'twin-a' }));
    const b = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'twin-b' }));
    await a.subscribe('events');
    await b.subscribe('events');
    const [[aId], [bId]] = [await connectionIdsOf('twin-a'), await connectionIdsOf('twin-b')];
    await a.close();
    await until(async () => ((await registryOf(aId!, ['events'])).connection ? undefined : true));
    expect((await registryOf(aId!, ['events'])).subscriptions).toEqual([]);
    expect(await registryOf(bId!, ['events'])).toMatchObject({ connection: expect.anything(), subscriptions: [expect.anything()] });
    await b.close();
  });
});

describe('unsubscribe', () => {
  it('stops updates on that channel only', async () => {
    const benchmarkId = await newBenchmark('Fickle');
    const agent = await newAgent('fickle');
    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);
    const channel = `submission:${submissionId}`;
    const fickle = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'fickle' }));
    const steady = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'steady' }));
    for (const client of [fickle, steady]) await client.subscribe(channel);
    const post = (message: string) =>
      api('POST', `/v1/submissions/${submissionId}/logs`, agent.api_key, { lines: [{ ts: '2026-11-21T12:00:00Z', level: 'info', message }] });

    await post('one');
    for (const client of [fickle, steady]) await client.waitFor((m) => m.data?.lines?.[0]?.message === 'one');
    expect(await fickle.request({ action: 'unsubscribe', channel, id: 'bye' })).toMatchObject({ type: 'ack', channel, id: 'bye' });
    await post('two');
    await steady.waitFor((m) => m.data?.lines?.[0]?.message === 'two');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fickle.messages.some((m) => m.data?.lines?.[0]?.message === 'two')).toBe(false);
    expect(await fickle.request({ action: 'unsubscribe', channel, id: 'bye-again' })).toMatchObject({ type: 'ack' });
    await Promise.all([fickle.close(), steady.close()]);
  });
});

describe('the monitoring and events channels', () => {
  it('narrow a monitoring update to the subscriber’s locations', async () => {
    const everywhere = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'hq' }));
    const paris = await Dashboard.open(twin.wsUrl, token('viewer', TENANT, { sub: 'paris-desk', locations: ['paris'] }));
    for (const client of [everywhere, paris])
      expect((await client.subscribe('monitoring')).snapshot).toMatchObject({ type: 'snapshot', channel: 'monitoring' });

    // What the monitoring work hands to broadcastUpdates(), as it reaches the broadcast queue.
    const byLocation = { paris: { support: { online: 3 } }, lyon: { support: { busy: 1 } } };
    await new SQSClient({}).send(
      new SendMessageCommand({
        QueueUrl: twin.engines.queueUrl('broadcast'),
        MessageBody: JSON.stringify({
          kind: 'update',
          tenant_id: TENANT,
          channel: 'monitoring',
          seq: 1,
          type: 'monitoring.summary',
          data: { kind: 'summary', type: 'monitoring.summary', by_location: byLocation },
          occurred_at: new Date().toISOString(),
        }),
        MessageAttributes: { correlation_id: { DataType: 'String', StringValue: 'corr-monitoring' } },
      }),
    );
    expect(await everywhere.waitFor((m) => m.type === 'update')).toMatchObject({
      seq: 1,
      correlation_id: 'corr-monitoring',
      data: { by_location: byLocation },
    });
    expect((await paris.waitFor((m) => m.type === 'update')).data.by_location).toEqual({ paris: { support: { online: 3 } } });
    await Promise.all([everywhere.close(), paris.close()]);
  });

  it('carry platform events of the tenant on events', async () => {
    const benchmarkId = await newBenchmark('Eventful');
    const agent = await newAgent('eventful');
    const watcher = await Dashboard.open(twin.wsUrl, token('maintainer'));
    expect((await watcher.subscribe('events')).snapshot).toMatchObject({ data: { recent: [] } });
    const submissionId = await submit(benchmarkId, agent, [{ task_id: 'a', output: 'x' }]);
    expect(await watcher.waitFor((m) => m.type === 'update' && m.data?.submission_id === submissionId)).toMatchObject({
      channel: 'events',
      data: { kind: 'event', type: 'submission.scored' },
    });
    await watcher.close();
  });
});

describe('revocation', () => {
  it('closes the agent’s connections and forgets their subscriptions', async () => {
    const benchmarkId = await newBenchmark('Revoked');
    const agent = await newAgent('doomed-watcher');
    const client = await Dashboard.open(twin.wsUrl, agent.api_key);
    await client.subscribe(`leaderboard:${benchmarkId}`);
    const [connectionId] = await connectionIdsOf(agent.agent_id);
    const closed = new Promise((resolve) => client.socket.once('close', resolve));
    expect((await api('DELETE', `/v1/agents/${agent.agent_id}`, token('maintainer'))).status).toBe(204);
    await closed;
    await until(async () => {
      const left = await registryOf(connectionId!, [`leaderboard:${benchmarkId}`]);
      return !left.connection && left.subscriptions.length === 0 ? true : undefined;
    });
  });
});
