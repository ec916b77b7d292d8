// Every declared route, called on the twin as a caller allowed to call it, answers the 2xx its
// declaration lists with a body that the OpenAPI document the twin serves accepts. The twin already
// holds 2xx bodies to that document in tests (SCORECAST_CHECK_RESPONSES=1); this file validates
// each body itself too, so it keeps its meaning without the setting. It walks the declaration
// (shared/routes/index.ts): a route added without a case below fails the first test. The calls
// run in an order that makes what each needs exist (agent → benchmark → scored submission → …,
// deletes last), and every paged list is read with items in it, so item schemas are held too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentResponseCheck, type ResponseCheck } from '#infra/local/response-contract.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import type { DeclaredRoute } from '#shared/contract/routes.ts';
import { httpRoutes } from '#shared/routes/index.ts';
import { callApi, type Json, until } from '../support/twin-api.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { sampleBodies } from './route-samples.ts';

// The dead-letters test's scoring worker: while the fault flag is in the table, a submission whose
// metadata says fail_scoring stays queued (its retries are 180 s apart), so there is one to cancel.
const testWiring: Wiring = {
  ...wiring,
  functions: { ...wiring.functions, scoringWorker: { ...wiring.functions.scoringWorker, entry: 'test/fixtures/functions/faulty-scoring-worker.ts' } },
};
const FAULT_FLAG = { PK: 'TEST#SCORING_FAULT', SK: 'FLAG' };
const TENANT = 'every';

let twin: Twin;
let receiver: Receiver;
/** Holds an answer to the /openapi.json the twin serves. */
let servedContract: ResponseCheck;
const as = { admin: '', maintainer: '', viewer: '', agent: '' };
/** Path parameters of the resources created on the way. */
const ids: Record<string, string> = { queue: 'scoring' };

beforeAll(async () => {
  [twin, receiver] = await Promise.all([
    startTwin({ wiring: testWiring, stateDir: mkdtempSync(join(tmpdir(), 'scorecast-every-route-')), onLog: () => undefined }),
    startReceiver(),
  ]);
  for (const role of ['admin', 'maintainer', 'viewer'] as const)
    as[role] = twin.issuer.mint({ tenant: TENANT, roles: [role], sub: `${TENANT}-${role}` });
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new PutCommand({ TableName: twin.engines.tableName, Item: FAULT_FLAG }));
  const served = await callApi(twin.httpUrl, 'GET', '/openapi.json', '');
  expect(served.status).toBe(200);
  servedContract = documentResponseCheck(served.json);
});
afterAll(async () => {
  await receiver?.close();
  await twin?.stop();
});

const declared = new Map<string, DeclaredRoute>(httpRoutes.map((route) => [route.key, route]));
const pathOf = (key: string, params: Record<string, string> = {}) =>
  declared.get(key)!.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ids[name] ?? `no-${name}-yet`));

interface Call {
  /** Default: the route's sample body (route-samples.ts), if it takes one. */
  body?: unknown;
  query?: string;
  /** Path parameters other than the ones gathered in `ids`. */
  params?: Record<string, string>;
}

/** Calls a declared route; asserts the one 2xx it declares, a body the served /openapi.json accepts, and items in a list. */
async function call(key: string, credential: string, { body = sampleBodies[key], query = '', params }: Call = {}): Promise<Json> {
  const route = declared.get(key)!;
  const successes = Object.keys(route.schemas.responses)
    .map(Number)
    .filter((status) => status < 300);
  expect(successes, `${key} declares one 2xx`).toHaveLength(1);
  const res = await callApi(twin.httpUrl, route.method, `${pathOf(key, params)}${query}`, credential, body);
  expect(res.status, `${key}: ${res.text}`).toBe(successes[0]);
  // Soft: a body that breaks the contract fails this route's case without stopping the ones that need what it created.
  expect
    .soft(servedContract(key, res.status, Buffer.from(res.text), res.headers.get('content-type') ?? undefined), `${key}: ${res.text}`)
    .toBeUndefined();
  if (Array.isArray(res.json?.items)) expect(res.json.items.length, `${key} lists nothing: ${res.text}`).toBeGreaterThan(0);
  return res.json;
}

/** Polls a GET (no assertions) until `ready` holds for its body. */
const waitFor = (path: string, credential: string, ready: (body: Json) => boolean) =>
  until(async () => {
    const { json } = await callApi(twin.httpUrl, 'GET', path, credential);
    return json && ready(json) ? json : undefined;
  }, `${path} to be ready`);

const tasks = [
  { task_id: 'exact', input: 'Say hi', expected: 'hi', scorer: { type: 'exact' } },
  { task_id: 'num', input: '1/3 to 2 places', expected: 0.33, scorer: { type: 'numeric', tolerance: 0.01 }, weight: 2 },
  { task_id: 're', input: 'An ISO date', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { task_id: 'has', input: 'Two colours', expected: null, scorer: { type: 'contains', values: ['red', 'blue'] } },
  // Private (hidden test sets): its result and the full score stay hidden from the agent and viewer until the reveal below.
  { task_id: 'json', input: 'A point', expected: { x: 1 }, scorer: { type: 'json_equal' }, split: 'private' },
];
/** Answers to version 2's tasks (the PATCH below drops `exact`). */
const answers = [
  { task_id: 'num', output: '0.334' },
  { task_id: 're', output: '2026-11-21' },
  { task_id: 'has', output: 'blue and red' },
  { task_id: 'json', output: { x: 1 } },
];
const span = (span_id: string, parent_span_id: string | null, extra: Record<string, unknown> = {}) => ({
  span_id,
  parent_span_id,
  name: span_id,
  kind: 'agent',
  started_at: '2026-03-01T10:00:00.000Z',
  ended_at: '2026-03-01T10:00:02.000Z',
  status: 'ok',
  ...extra,
});

/** One case per declared route, in the order they run. */
const cases: Record<string, () => Promise<unknown>> = {
  'GET /health': () => call('GET /health', ''),
  'GET /openapi.json': () => call('GET /openapi.json', ''),
  'POST /v1/agents': async () => {
    const agent = await call('POST /v1/agents', as.maintainer, { body: { name: 'every-agent', description: 'calls every route' } });
    ids.agent_id = agent.agent_id;
    as.agent = agent.api_key;
  },
  'GET /v1/whoami': () => call('GET /v1/whoami', as.agent),
  'GET /v1/agents': () => call('GET /v1/agents', as.viewer),
  'GET /v1/agents/{agent_id}': () => call('GET /v1/agents/{agent_id}', as.viewer),
  'PATCH /v1/agents/{agent_id}': () => call('PATCH /v1/agents/{agent_id}', as.maintainer, { body: { description: null } }),
  'POST /v1/agents/{agent_id}/keys': async () => {
    as.agent = (await call('POST /v1/agents/{agent_id}/keys', as.maintainer, { body: { grace_period_seconds: 60 } })).api_key;
  },
  'PUT /v1/agents/{agent_id}/status': () =>
    call('PUT /v1/agents/{agent_id}/status', as.agent, { body: { status: 'online', group: 'support', location: 'paris', activity: 'warming up' } }),
  'POST /v1/monitoring/status': () =>
    call('POST /v1/monitoring/status', as.maintainer, {
      body: { reports: [{ agent_id: ids.agent_id, status: 'busy', group: 'support', location: 'paris', activity: 'on a call' }] },
    }),
  'GET /v1/monitoring/summary': () => call('GET /v1/monitoring/summary', as.viewer, { query: '?group_by=location' }),
  'POST /v1/benchmarks': async () => {
    const body = { name: 'every-benchmark', description: 'every scorer', tasks, leaderboard_rule: 'best', daily_submission_limit: 5 };
    ids.benchmark_id = (await call('POST /v1/benchmarks', as.maintainer, { body })).benchmark_id;
  },
  'PATCH /v1/benchmarks/{benchmark_id}': () => call('PATCH /v1/benchmarks/{benchmark_id}', as.maintainer, { body: { tasks: tasks.slice(1) } }),
  'GET /v1/benchmarks': () => call('GET /v1/benchmarks', as.agent),
  'GET /v1/benchmarks/{benchmark_id}': async () => {
    await call('GET /v1/benchmarks/{benchmark_id}', as.agent); // without expected answers
    await call('GET /v1/benchmarks/{benchmark_id}', as.viewer);
  },
  'GET /v1/benchmarks/{benchmark_id}/versions': () => call('GET /v1/benchmarks/{benchmark_id}/versions', as.viewer),
  'POST /v1/benchmarks/{benchmark_id}/submissions': async () => {
    const key = 'POST /v1/benchmarks/{benchmark_id}/submissions';
    ids.submission_id = (await call(key, as.agent, { body: { answers: answers, metadata: { run: 1 } } })).submission_id;
    ids.queued = (await call(key, as.agent, { body: { answers: answers, metadata: { fail_scoring: true } } })).submission_id;
  },
  'GET /v1/submissions/{submission_id}': async () => {
    await waitFor(pathOf('GET /v1/submissions/{submission_id}'), as.viewer, (submission) => submission.status === 'scored');
    await call('GET /v1/submissions/{submission_id}', as.viewer);
    await call('GET /v1/submissions/{submission_id}', as.agent, { params: { submission_id: ids.queued! } });
  },
  'GET /v1/benchmarks/{benchmark_id}/submissions': () =>
    call('GET /v1/benchmarks/{benchmark_id}/submissions', as.viewer, { query: `?agent_id=${ids.agent_id}&limit=1` }),
  'GET /v1/benchmarks/{benchmark_id}/leaderboard': async () => {
    const board = await call('GET /v1/benchmarks/{benchmark_id}/leaderboard', as.agent);
    expect(board).toMatchObject({ ordering: 'public', items: [{ score: null, public_score: 1 }] });
  },
  'POST /v1/benchmarks/{benchmark_id}/baselines': async () => {
    const body = { name: 'published model', score: 0.5, cost_usd: 0.12 };
    ids.baseline_id = (await call('POST /v1/benchmarks/{benchmark_id}/baselines', as.maintainer, { body })).baseline_id;
    const board = await call('GET /v1/benchmarks/{benchmark_id}/leaderboard', as.viewer);
    expect(board.items.find((entry: Json) => entry.baseline)).toMatchObject({ baseline_id: ids.baseline_id, rank: null, name: 'published model' });
  },
  'GET /v1/benchmarks/{benchmark_id}/baselines': () => call('GET /v1/benchmarks/{benchmark_id}/baselines', as.agent),
  'GET /v1/benchmarks/{benchmark_id}/leaderboard/tasks': async () => {
    const board = await call('GET /v1/benchmarks/{benchmark_id}/leaderboard/tasks', as.agent);
    expect(board.tasks[0].agents[0]).toMatchObject({ agent_id: ids.agent_id, samples: 1 });
  },
  'GET /v1/benchmarks/{benchmark_id}/compare': async () => {
    // A second agent on the board to compare with.
    const rival = await callApi(twin.httpUrl, 'POST', '/v1/agents', as.maintainer, { name: 'every-rival' });
    expect(rival.status).toBe(201);
    const submitted = await callApi(twin.httpUrl, 'POST', pathOf('POST /v1/benchmarks/{benchmark_id}/submissions'), rival.json.api_key, {
      answers: answers.slice(1),
    });
    expect(submitted.status).toBe(202);
    const onBoard = (board: Json) => board.items?.some((entry: Json) => entry.agent_id === rival.json.agent_id);
    await waitFor(pathOf('GET /v1/benchmarks/{benchmark_id}/leaderboard'), as.viewer, onBoard);
    const query = `?a=${ids.agent_id}&b=${rival.json.agent_id}`;
    // Both have a result for every task of the version (unanswered ones score 0); an agent never compares on the private one, a maintainer does.
    const shared = answers.length;
    expect((await call('GET /v1/benchmarks/{benchmark_id}/compare', as.agent, { query })).tasks_compared).toBe(shared - 1);
    expect((await call('GET /v1/benchmarks/{benchmark_id}/compare', as.maintainer, { query })).tasks_compared).toBe(shared);
  },
  'GET /v1/benchmarks/{benchmark_id}/submissions/export': async () => {
    const key = 'GET /v1/benchmarks/{benchmark_id}/submissions/export';
    await call(key, as.viewer, { query: '?format=csv' });
    await call(key, as.agent, { query: '?format=jsonl' });
  },
  'POST /v1/benchmarks/{benchmark_id}/reveal': async () => {
    const revealed = await call('POST /v1/benchmarks/{benchmark_id}/reveal', as.maintainer);
    expect(revealed.revealed_at).toEqual(expect.any(String));
    // Again: 200, the first reveal's time.
    expect((await call('POST /v1/benchmarks/{benchmark_id}/reveal', as.maintainer)).revealed_at).toBe(revealed.revealed_at);
    const board = await call('GET /v1/benchmarks/{benchmark_id}/leaderboard', as.agent);
    expect(board.ordering).toBe('full');
    expect(board.items[0]).toMatchObject({ agent_id: ids.agent_id, score: 1, public_score: 1 });
  },
  'POST /v1/submissions/{submission_id}/traces': () =>
    call('POST /v1/submissions/{submission_id}/traces', as.agent, {
      body: {
        spans: [
          span('root', null),
          span('llm', 'root', { kind: 'llm', attributes: { model: 'm-1' }, input_tokens: 12, output_tokens: 5, cost_usd: 0.002 }),
          span('lost-child', 'nowhere', { kind: 'tool', status: 'error', ended_at: null }),
        ],
      },
    }),
  'GET /v1/submissions/{submission_id}/traces': () => call('GET /v1/submissions/{submission_id}/traces', as.viewer),
  'POST /v1/submissions/{submission_id}/logs': () => call('POST /v1/submissions/{submission_id}/logs', as.agent),
  'GET /v1/submissions/{submission_id}/logs': () => call('GET /v1/submissions/{submission_id}/logs', as.viewer),
  'POST /v1/webhooks': async () => {
    const body = { url: receiver.url('/every'), description: 'every route', event_types: ['deploy.*'], min_priority: 'low' };
    ids.webhook_id = (await call('POST /v1/webhooks', as.maintainer, { body })).webhook_id;
  },
  'GET /v1/webhooks': () => call('GET /v1/webhooks', as.viewer),
  'GET /v1/webhooks/{webhook_id}': () => call('GET /v1/webhooks/{webhook_id}', as.viewer),
  'PATCH /v1/webhooks/{webhook_id}': () => call('PATCH /v1/webhooks/{webhook_id}', as.maintainer),
  'POST /v1/webhooks/{webhook_id}/rotate-secret': () =>
    call('POST /v1/webhooks/{webhook_id}/rotate-secret', as.maintainer, { body: { overlap_seconds: 60 } }),
  'POST /v1/webhooks/{webhook_id}/test': () => call('POST /v1/webhooks/{webhook_id}/test', as.maintainer),
  'POST /v1/judges': async () => {
    // Named by no benchmark here, so it is never called.
    const body = { name: 'every judge', url: 'http://127.0.0.1:9/judge', description: 'every route' };
    ids.judge_id = (await call('POST /v1/judges', as.maintainer, { body })).judge_id;
  },
  'GET /v1/judges': () => call('GET /v1/judges', as.maintainer),
  'GET /v1/judges/{judge_id}': () => call('GET /v1/judges/{judge_id}', as.maintainer),
  'PATCH /v1/judges/{judge_id}': () => call('PATCH /v1/judges/{judge_id}', as.maintainer, { body: { description: null } }),
  'POST /v1/judges/{judge_id}/rotate-secret': () =>
    call('POST /v1/judges/{judge_id}/rotate-secret', as.maintainer, { body: { overlap_seconds: 60 } }),
  'POST /v1/integrations/events': async () => {
    const body = { source: 'ci', event_type: 'deploy.failed', severity: 'error', message: 'deploy failed', metadata: { build: 7 }, dedup_key: 'd-1' };
    ids.event_id = (await call('POST /v1/integrations/events', as.agent, { body })).event_id;
  },
  'GET /v1/integrations/events': () => call('GET /v1/integrations/events', as.viewer),
  'GET /v1/integrations/events/{event_id}': async () => {
    const delivered = (event: Json) => event.deliveries?.some((delivery: Json) => delivery.status === 'succeeded');
    await waitFor(pathOf('GET /v1/integrations/events/{event_id}'), as.viewer, delivered);
    await call('GET /v1/integrations/events/{event_id}', as.viewer);
  },
  'GET /v1/webhooks/{webhook_id}/deliveries': () => call('GET /v1/webhooks/{webhook_id}/deliveries', as.maintainer),
  'GET /v1/admin/dead-letters': async () => {
    // A message that breaks the scoring queue's contract goes straight to its DLQ, listed for the tenant it names.
    const message = { QueueUrl: twin.engines.queueUrl('scoring'), MessageBody: JSON.stringify({ tenant_id: TENANT, note: 'no submission' }) };
    await new SQSClient({}).send(new SendMessageCommand(message));
    await waitFor('/v1/admin/dead-letters?queue=scoring', as.admin, (page) => page.items?.length > 0);
    await call('GET /v1/admin/dead-letters', as.admin, { query: '?queue=scoring' });
  },
  'POST /v1/admin/dead-letters/{queue}/redrive': async () => {
    expect((await call('POST /v1/admin/dead-letters/{queue}/redrive', as.admin)).redriven).toBeGreaterThan(0);
    expect(await call('POST /v1/admin/dead-letters/{queue}/redrive', as.admin, { params: { queue: 'monitoring' } })).toEqual({ redriven: 0 });
  },
  'POST /v1/submissions/{submission_id}/cancel': async () => {
    const cancelled = await call('POST /v1/submissions/{submission_id}/cancel', as.agent, { params: { submission_id: ids.queued! } });
    expect(cancelled.status).toBe('cancelled');
  },
  'POST /v1/submissions/{submission_id}/rescore': () => call('POST /v1/submissions/{submission_id}/rescore', as.maintainer),
  'GET /v1/audit': () => call('GET /v1/audit', as.admin, { query: '?limit=5' }),
  'DELETE /v1/benchmarks/{benchmark_id}/baselines/{baseline_id}': () =>
    call('DELETE /v1/benchmarks/{benchmark_id}/baselines/{baseline_id}', as.maintainer),
  'DELETE /v1/webhooks/{webhook_id}': () => call('DELETE /v1/webhooks/{webhook_id}', as.maintainer),
  'DELETE /v1/judges/{judge_id}': () => call('DELETE /v1/judges/{judge_id}', as.maintainer),
  'DELETE /v1/benchmarks/{benchmark_id}': () => call('DELETE /v1/benchmarks/{benchmark_id}', as.maintainer),
  'DELETE /v1/agents/{agent_id}': () => call('DELETE /v1/agents/{agent_id}', as.maintainer),
};

describe('every declared route', () => {
  it('has a case here, and every case is a declared route', () => {
    expect(Object.keys(cases).sort()).toEqual(httpRoutes.map((route) => route.key).sort());
  });

  it.each(Object.keys(cases))('%s answers its declared 2xx with a body /openapi.json accepts', async (key) => {
    await cases[key]!();
  });
});
