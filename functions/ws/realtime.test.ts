// The WebSocket routes and the broadcast worker in-process against the twin's embedded DynamoDB and
// SQS (no mocks), with a real HTTP endpoint on loopback standing in for API Gateway's @connections
// API: a client connects, subscribes to a leaderboard, gets its snapshot, then the update a scored
// submission broadcasts; after $disconnect nothing more reaches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../test/support/local-aws.ts';
import { agentCaller, call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../test/support/handlers.ts';
import { lambdaContext } from '../../test/support/lambda.ts';
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver.ts';
import { encodeAuthentication } from '#shared/auth/context.ts';
import type { Principal } from '#shared/auth/principal.ts';

let aws: LocalAws;
let gateway: Receiver;
const h: Record<string, HttpHandler> = {};
type WsHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
const ws: Record<string, WsHandler> = {};
let scoringWorker: SqsHandler;
let broadcastWorker: SqsHandler;

beforeAll(async () => {
  gateway = await startReceiver();
  aws = await startLocalAws({ webSocketCallbackUrl: gateway.url('') });
  const routes = {
    createBenchmark: import('../http/benchmarks/create.ts'),
    createAgent: import('../http/agents/create.ts'),
    submit: import('../http/submissions/create.ts'),
  };
  await loadHandlers(h, routes);
  const wsRoutes = { connect: import('./connect.ts'), default: import('./default.ts'), disconnect: import('./disconnect.ts') };
  for (const [name, module] of Object.entries(wsRoutes)) ws[name] = (await module).handler as WsHandler;
  scoringWorker = (await import('../workers/scoring.ts')).handler as SqsHandler;
  broadcastWorker = (await import('../workers/broadcast.ts')).handler as SqsHandler;
});
afterAll(async () => {
  await aws?.stop();
  await gateway?.close();
});

const tenant = 't-live';
const viewer = user(tenant, 'viewer');
const maintainer = user(tenant, 'maintainer');

function wsEvent(routeKey: string, connectionId: string, principal: Principal | null, body?: unknown) {
  return {
    requestContext: {
      routeKey,
      eventType: routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE',
      connectionId,
      requestId: `req-${connectionId}`,
      stage: 'prod',
      domainName: '127.0.0.1',
      apiId: 'localws',
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      messageDirection: 'IN',
      ...(principal ? { authorizer: encodeAuthentication({ authenticated: true, principal }) } : {}),
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

const send = (route: string, connectionId: string, principal: Principal | null, body?: unknown) =>
  ws[route]!(wsEvent(route === 'default' ? '$default' : `$${route}`, connectionId, principal, body), lambdaContext(route));

/** What the @connections API received for a connection, parsed. */
const postedTo = (connectionId: string) =>
  gateway.received
    .filter((r) => r.path === `/@connections/${encodeURIComponent(connectionId)}`)
    .map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('WebSocket routes and the broadcast worker', () => {
  it('answers a ping with a pong and a bad frame with an error, keeping the connection', async () => {
    expect((await send('connect', 'conn-ping', viewer)).statusCode).toBe(200);
    expect((await send('default', 'conn-ping', viewer, { action: 'ping', id: 'p1' })).statusCode).toBe(200);
    expect((await send('default', 'conn-ping', viewer, { action: 'dance' })).statusCode).toBe(200);
    const [pong, error] = postedTo('conn-ping');
    expect(pong).toMatchObject({ type: 'pong', id: 'p1' });
    expect(error).toMatchObject({ type: 'error' });
  });

  it('refuses a $connect without a verified principal', async () => {
    expect((await send('connect', 'conn-anon', null)).statusCode).toBe(401);
  });

  it('streams a leaderboard: ack and snapshot on subscribe, then the update of a scored submission', async () => {
    const benchmark = await call(h.createBenchmark!, 'POST /v1/benchmarks', {
      as: maintainer,
      body: { name: 'live', tasks: [{ task_id: 't', input: 'x', expected: 'y', scorer: { type: 'exact' } }] },
    });
    const benchmarkId = benchmark.body.benchmark_id as string;
    const channel = `leaderboard:${benchmarkId}`;
    await send('connect', 'conn-board', viewer);
    await send('default', 'conn-board', viewer, { action: 'subscribe', channel, id: 's1' });
    const [ack, snapshot] = postedTo('conn-board');
    expect(ack).toMatchObject({ type: 'ack', channel, id: 's1' });
    expect(snapshot).toMatchObject({ type: 'snapshot', channel });

    const agent = await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name: 'live-agent' } });
    await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
      as: agentCaller(tenant, agent.body.agent_id),
      params: { benchmark_id: benchmarkId },
      body: { answers: [{ task_id: 't', output: 'y' }] },
    });
    await deliver(scoringWorker, await aws.receive('scoring'), 'scorecast-scoring');
    expect(await deliver(broadcastWorker, await aws.receive('broadcast'), 'scorecast-broadcast')).toEqual([]);
    const updates = postedTo('conn-board').filter((m) => m.type === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ channel });
    expect(JSON.stringify(updates[0])).toContain(agent.body.agent_id);

    await send('disconnect', 'conn-board', viewer);
    const before = postedTo('conn-board').length;
    await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
      as: agentCaller(tenant, agent.body.agent_id),
      params: { benchmark_id: benchmarkId },
      body: { answers: [{ task_id: 't', output: 'y' }] },
    });
    await deliver(scoringWorker, await aws.receive('scoring'), 'scorecast-scoring');
    await deliver(broadcastWorker, await aws.receive('broadcast'), 'scorecast-broadcast');
    expect(postedTo('conn-board')).toHaveLength(before);
  });

  it('refuses a subscription to a channel the caller may not watch or that does not exist', async () => {
    await send('connect', 'conn-bad', viewer);
    await send('default', 'conn-bad', viewer, { action: 'subscribe', channel: 'nonsense:1', id: 'x' });
    expect(postedTo('conn-bad')[0]).toMatchObject({ type: 'error', id: 'x' });
  });

  describe('a platform event’s channels (issue 14’s cost: one message per event, no seq for a channel nobody watches)', () => {
    const quiet = 't-quiet';
    const quietViewer = user(quiet, 'viewer');
    const quietMaintainer = user(quiet, 'maintainer');
    let benchmarkId: string;
    const board = () => `leaderboard:${benchmarkId}`;
    const newAgent = async (name: string) =>
      (await call(h.createAgent!, 'POST /v1/agents', { as: quietMaintainer, body: { name } })).body.agent_id as string;
    const submit = async (agentId: string) =>
      (
        await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
          as: agentCaller(quiet, agentId),
          params: { benchmark_id: benchmarkId },
          body: { answers: [{ task_id: 't', output: 'y' }] },
        })
      ).body.submission_id as string;
    const score = async () => deliver(scoringWorker, await aws.receive('scoring'), 'scorecast-scoring');
    const seqItem = async (channel: string) => {
      const { documentClient, tableName } = await import('#shared/store/client.ts');
      const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
      return (await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: `TENANT#${quiet}#CHAN#${channel}`, SK: 'SEQ' } }))).Item;
    };
    const ofKind = (connectionId: string, type: string) => postedTo(connectionId).filter((m) => m.type === type);

    beforeAll(async () => {
      const benchmark = await call(h.createBenchmark!, 'POST /v1/benchmarks', {
        as: quietMaintainer,
        body: { name: 'quiet', tasks: [{ task_id: 't', input: 'x', expected: 'y', scorer: { type: 'exact' } }] },
      });
      benchmarkId = benchmark.body.benchmark_id as string;
    });

    it('takes no seq and sends nothing while nobody watches; the next subscriber’s snapshot holds it and its first update is the snapshot’s seq + 1', async () => {
      const early = await newAgent('early');
      await submit(early);
      await score();
      expect(await aws.receive('broadcast')).toEqual([]);
      expect(await seqItem(board())).toBeUndefined();
      expect(await seqItem('events')).toBeUndefined();

      await send('connect', 'conn-quiet', quietViewer);
      await send('default', 'conn-quiet', quietViewer, { action: 'subscribe', channel: board(), id: 'q1' });
      const [snapshot] = ofKind('conn-quiet', 'snapshot');
      expect(snapshot).toMatchObject({ seq: 0, data: { entries: [expect.objectContaining({ agent_id: early })] } });

      const late = await newAgent('late');
      await submit(late);
      await score();
      const messages = await aws.receive('broadcast');
      // Only the board is watched: its update travels alone, as an `update`.
      expect(messages.map((m) => JSON.parse(m.body))).toEqual([expect.objectContaining({ kind: 'update', channel: board(), seq: 1 })]);
      expect(await deliver(broadcastWorker, messages, 'scorecast-broadcast')).toEqual([]);
      expect(ofKind('conn-quiet', 'update')).toEqual([
        expect.objectContaining({ channel: board(), seq: 1, data: expect.objectContaining({ agent_id: late }) }),
      ]);
      await send('disconnect', 'conn-quiet', quietViewer);
    });

    it('sends a scored submission watched on its channel, its board and `events` as one message: one invocation, each channel at its own next seq', async () => {
      const agentId = await newAgent('watched');
      const agent = agentCaller(quiet, agentId);
      const submissionId = await submit(agentId);
      await send('connect', 'conn-dash', quietViewer);
      await send('connect', 'conn-agent', agent);
      for (const channel of [board(), 'events']) await send('default', 'conn-dash', quietViewer, { action: 'subscribe', channel, id: channel });
      await send('default', 'conn-agent', agent, { action: 'subscribe', channel: `submission:${submissionId}`, id: 'mine' });
      const snapshotSeq = (connectionId: string, channel: string) =>
        ofKind(connectionId, 'snapshot').find((m) => m.channel === channel)!.seq as number;

      await score();
      const messages = await aws.receive('broadcast');
      expect(messages).toHaveLength(1);
      const body = JSON.parse(messages[0]!.body);
      expect(body.kind).toBe('updates');
      expect(body.channels.map((part: { channel: string }) => part.channel).sort()).toEqual([`submission:${submissionId}`, board(), 'events'].sort());
      expect(await deliver(broadcastWorker, messages, 'scorecast-broadcast')).toEqual([]);

      const updates = (connectionId: string) => ofKind(connectionId, 'update').map((m) => [m.channel, m.seq, (m.data as { kind: string }).kind]);
      expect(updates('conn-dash').sort()).toEqual(
        [
          [board(), snapshotSeq('conn-dash', board()) + 1, 'entry'],
          ['events', snapshotSeq('conn-dash', 'events') + 1, 'event'],
        ].sort(),
      );
      expect(updates('conn-agent')).toEqual([[`submission:${submissionId}`, snapshotSeq('conn-agent', `submission:${submissionId}`) + 1, 'status']]);
      await send('disconnect', 'conn-dash', quietViewer);
      await send('disconnect', 'conn-agent', agent);
    });

    it('numbers an update for a subscriber registered before the publisher looked, even one that has not read its seq yet', async () => {
      const { addSubscription } = await import('#shared/store/subscriptions.ts');
      const agentId = await newAgent('racer');
      await send('connect', 'conn-racer', quietViewer);
      // The subscribe's first step (its registration) before the event is published, the rest after.
      expect(await addSubscription('conn-racer', quietViewer, board())).toBe('subscribed');
      const before = Number((await seqItem(board()))?.seq ?? 0);
      await submit(agentId);
      await score();
      expect(Number((await seqItem(board()))!.seq)).toBe(before + 1);
      await send('default', 'conn-racer', quietViewer, { action: 'subscribe', channel: board(), id: 'r1' });
      const [snapshot] = ofKind('conn-racer', 'snapshot');
      // The snapshot is read after the event: it holds it, at its seq; the update that follows repeats it and is dropped as seen.
      expect(snapshot).toMatchObject({
        seq: before + 1,
        data: { entries: expect.arrayContaining([expect.objectContaining({ agent_id: agentId })]) },
      });
      await deliver(broadcastWorker, await aws.receive('broadcast'), 'scorecast-broadcast');
      expect(ofKind('conn-racer', 'update')).toEqual([expect.objectContaining({ seq: before + 1 })]);
      await send('disconnect', 'conn-racer', quietViewer);
    });
  });
});
