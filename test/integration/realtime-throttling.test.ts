// Fan-out under API Gateway's request quota on @connections, on a twin whose WebSocket gateway
// emulates it (`webSocket.postQuota`: a token bucket of 40 requests/s, burst 10, answering 429
// LimitExceededException once empty). 60 real clients watch one leaderboard; one update reaches
// each of them exactly once although most of its 60 posts are throttled at first: the broadcast
// worker retries them with backoff, and sends those still throttled back through the queue.
//
// A post goes back through the queue only after failing all its in-invocation tries
// (POST_ATTEMPTS = 10, backoffs summing to at most ~5.5 s), so one round serves at most `burst` +
// `rate` × ~6 s posts (~250 here) and deferral is certain only above that: far more subscribers than
// can subscribe through the same quota in time (each subscribe costs two posts, ack and snapshot).
// So the first test lets the retries absorb the throttling (deferral is possible, not required);
// the second adds 270 registered connections that API Gateway no longer knows (as a lost
// $disconnect leaves them) to 10 real subscribers: 280 posts make deferral certain, and every
// real subscriber still gets the update exactly once, through the queue if need be. The first
// shard is made as large as a shard can be, so each round is one invocation (the bound above holds).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { callApi, until, type Json } from '../support/twin-api.ts';

const TENANT = 'throttled';
const CLIENTS = 60;
const QUOTA = { ratePerSecond: 40, burst: 10 };

let twin: Twin;
let table: DynamoDBDocumentClient;
const logs: { fn: string; line: string }[] = [];

beforeAll(async () => {
  twin = await startTwin({
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-throttling-')),
    webSocket: { postQuota: QUOTA },
    settings: { BROADCAST_FIRST_SHARD_SIZE: '2000' },
    onLog: (fn, line) => {
      logs.push({ fn, line });
      if (process.env.TWIN_LOGS) console.log(fn, line);
    },
  });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({})); // the twin has pointed the SDK at its engines
});
afterAll(() => twin?.stop());

const token = (role: string, sub = `${TENANT}-${role}`) => twin.issuer.mint({ tenant: TENANT, roles: [role], sub });
const api = (method: string, path: string, credential: string, body?: unknown) => callApi(twin.httpUrl, method, path, credential, body);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The broadcast worker's structured log lines with this message. */
const workerLogs = (message: string): Json[] =>
  logs
    .filter(({ fn, line }) => fn === 'broadcastWorker' && line.includes(message))
    .map(({ line }) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry?.message === message);

/** A benchmark and an agent that submits to it: its submission publishes one update on the leaderboard. */
async function board(name: string) {
  const maintainer = token('maintainer');
  const created = await api('POST', '/v1/benchmarks', maintainer, {
    name,
    tasks: [{ task_id: 'a', input: 'first', expected: 'x', scorer: { type: 'exact' } }],
  });
  expect(created.status, created.text).toBe(201);
  const benchmarkId = created.json.benchmark_id as string;
  const agent = (await api('POST', '/v1/agents', maintainer, { name: `${name} agent` })).json as { api_key: string };
  return {
    channel: `leaderboard:${benchmarkId}`,
    async publish(): Promise<string> {
      const submitted = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers: [{ task_id: 'a', output: 'x' }] });
      expect(submitted.status, submitted.text).toBe(202);
      return submitted.json.submission_id as string;
    },
  };
}

/** `count` viewers, each subscribed to the channel; paced below the quota, since each subscribe is answered by two posts. */
async function subscribers(count: number, channel: string, prefix: string): Promise<Dashboard[]> {
  const clients = await Promise.all(Array.from({ length: count }, (_, i) => Dashboard.open(twin.wsUrl, token('viewer', `${prefix}-${i}`))));
  const spacing = Math.ceil((2 * 1000) / QUOTA.ratePerSecond) + 10; // so the $default function's few retries always suffice
  for (const [i, client] of clients.entries()) {
    const started = Date.now();
    const { ack } = await client.subscribe(channel, `${prefix}-${i}`);
    expect(ack, `${prefix}-${i}`).toMatchObject({ type: 'ack', channel });
    await pause(spacing - (Date.now() - started));
  }
  return clients;
}

/** Every client got exactly one update on the channel, the one about this submission, and is still open. */
async function expectEachOnce(clients: Dashboard[], channel: string, submissionId: string): Promise<void> {
  await until(async () => (clients.every((client) => client.updates(channel).length > 0) ? true : undefined), 'every client’s update', 20_000);
  await pause(500); // a duplicate would have arrived by now
  for (const [i, client] of clients.entries()) {
    const updates = client.updates(channel);
    expect(updates, `client ${i}`).toHaveLength(1);
    expect(updates[0]).toMatchObject({ seq: 1, data: { kind: 'entry', submission_id: submissionId } });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  }
}

/** The worker's account of the channel's fan-out: its "Broadcast delivered" lines, with totals. */
function fanoutOf(channel: string) {
  const delivered = workerLogs('Broadcast delivered').filter((entry) => entry.channel === channel);
  const total = (key: string) => delivered.reduce((sum, entry) => sum + Number(entry[key] ?? 0), 0);
  return { delivered, total };
}

describe('fan-out against the @connections request quota', () => {
  it(`reaches each of ${CLIENTS} subscribers exactly once, retrying throttled posts`, async () => {
    const { channel, publish } = await board('Throttled board');
    const clients = await subscribers(CLIENTS, channel, 'watcher');
    const published = Date.now();
    const submissionId = await publish();
    await expectEachOnce(clients, channel, submissionId);

    const { delivered, total } = fanoutOf(channel);
    expect(delivered.find((entry) => entry.kind === 'update')).toMatchObject({ audience: CLIENTS });
    expect(total('sent')).toBe(CLIENTS);
    expect(total('gone') + total('failed')).toBe(0);
    // At most `burst` (plus what trickled in meanwhile) of the 60 posts fired at once got through first time.
    expect(total('retried')).toBeGreaterThanOrEqual(CLIENTS - QUOTA.burst - 5);
    console.info(
      `fan-out of ${CLIENTS} under ${QUOTA.ratePerSecond}/s burst ${QUOTA.burst}: all delivered ${Date.now() - published - 500} ms after publish; ` +
        `retried ${total('retried')}, deferred ${total('deferred')}, invocations ${delivered.length}`,
    );
    await Promise.all(clients.map((client) => client.close()));
  });

  it('sends posts still throttled after their tries back through the queue, and loses none', async () => {
    const { channel, publish } = await board('Crowded throttled board');
    const [real, gone] = [10, 270];
    const clients = await subscribers(real, channel, 'crowd');
    // Connections API Gateway no longer knows, registered on the channel (their $disconnect was lost).
    const phantoms = Array.from({ length: gone }, (_, i) => `phantom${i}x${Date.now()}=`);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const items = phantoms.flatMap((id) => [
      { PK: `CONN#${id}`, SK: 'CONN', tenant_id: TENANT, connection_id: id, channels: new Set([channel]), expires_at: expires },
      { PK: `TENANT#${TENANT}#CHAN#${channel}`, SK: `CONN#${id}`, connection_id: id, locations: null, expires_at: expires },
    ]);
    for (let i = 0; i < items.length; i += 25)
      await table.send(
        new BatchWriteCommand({ RequestItems: { [twin.engines.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    await pause(300); // the bucket is full again (burst) when the fan-out starts

    const published = Date.now();
    const submissionId = await publish();
    await expectEachOnce(clients, channel, submissionId);

    // The phantoms may still be going round: wait until every post has had its answer (sent or gone).
    await until(
      async () => (fanoutOf(channel).total('sent') + fanoutOf(channel).total('gone') >= real + gone ? true : undefined),
      'the whole fan-out',
      20_000,
    );
    const { delivered, total } = fanoutOf(channel);
    expect(delivered.find((entry) => entry.kind === 'update')).toMatchObject({ audience: real + gone });
    expect(total('deferred')).toBeGreaterThan(0);
    expect(delivered.some((entry) => entry.kind === 'shard' && entry.deferred === 0)).toBe(true); // the last round got everything through
    expect(workerLogs('Throttled posts sent back').length).toBeGreaterThan(0);
    expect(total('sent')).toBe(real);
    expect(total('failed')).toBe(0);
    expect(total('gone')).toBe(gone); // each phantom was answered 410 once, and forgotten
    const { Items = [] } = await table.send(
      new QueryCommand({
        TableName: twin.engines.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
        ExpressionAttributeValues: { ':pk': `TENANT#${TENANT}#CHAN#${channel}`, ':conn': 'CONN#' },
      }),
    );
    expect(Items).toHaveLength(real); // the phantoms' subscriptions are gone
    console.info(
      `fan-out of ${real + gone} (${gone} gone) under ${QUOTA.ratePerSecond}/s burst ${QUOTA.burst}: all delivered ${Date.now() - published - 500} ms after publish; ` +
        `retried ${total('retried')}, deferred ${total('deferred')} over ${delivered.length} invocations (${delivered.map((e) => e.shard ?? e.kind).join(', ')})`,
    );
    await Promise.all(clients.map((client) => client.close()));
  });
});
