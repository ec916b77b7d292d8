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
});
