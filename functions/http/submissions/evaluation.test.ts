// A benchmark's life in-process against the twin's embedded DynamoDB and SQS (no mocks): a
// maintainer defines and changes a benchmark, an agent submits answers, the scoring worker scores
// what the queue holds, the leaderboard ranks it; cancel, rescore, quota and archive behave as the
// API promises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { agentCaller, call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../../test/support/handlers.ts';

let aws: LocalAws;
const h: Record<string, HttpHandler> = {};
let scoringWorker: SqsHandler;
let sweepHandler: (event: unknown) => Promise<{ requeued: number }>;
let sweepStuckSubmissions: typeof import('#shared/submissions/sweep.ts').sweepStuckSubmissions;

beforeAll(async () => {
  aws = await startLocalAws();
  const routes = {
    createBenchmark: import('../benchmarks/create.ts'),
    getBenchmark: import('../benchmarks/get.ts'),
    listBenchmarks: import('../benchmarks/list.ts'),
    updateBenchmark: import('../benchmarks/update.ts'),
    archiveBenchmark: import('../benchmarks/archive.ts'),
    versions: import('../benchmarks/versions.ts'),
    createAgent: import('../agents/create.ts'),
    submit: import('./create.ts'),
    getSubmission: import('./get.ts'),
    listSubmissions: import('./list.ts'),
    cancel: import('./cancel.ts'),
    rescore: import('./rescore.ts'),
    leaderboard: import('../leaderboard/get.ts'),
  };
  await loadHandlers(h, routes);
  scoringWorker = (await import('../../workers/scoring.ts')).handler as SqsHandler;
  sweepHandler = (await import('../../schedules/sweep-submissions.ts')).handler as never;
  ({ sweepStuckSubmissions } = await import('#shared/submissions/sweep.ts'));
});
afterAll(() => aws?.stop());

const tenant = 't-eval';
const maintainer = user(tenant, 'maintainer');
const viewer = user(tenant, 'viewer');

const tasks = [
  { task_id: 'capital-fr', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } },
  { task_id: 'sum', input: '2+2', expected: 4, scorer: { type: 'numeric', tolerance: 0 }, weight: 3 },
];

async function defineBenchmark(body: Record<string, unknown> = {}) {
  const res = await call(h.createBenchmark!, 'POST /v1/benchmarks', { as: maintainer, body: { name: 'Geo and sums', tasks, ...body } });
  expect(res.status).toBe(201);
  return res.body.benchmark_id as string;
}

async function registerAgent(name: string) {
  const res = await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name } });
  return agentCaller(tenant, res.body.agent_id as string);
}

const submit = (
  benchmarkId: string,
  agent: ReturnType<typeof agentCaller>,
  answers: { task_id: string; output: unknown }[],
  headers?: Record<string, string>,
) =>
  call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
    as: agent,
    params: { benchmark_id: benchmarkId },
    body: { answers },
    ...(headers ? { headers } : {}),
  });

/** What the scoring queue holds, handed to the scoring worker; answers the ids of failed messages. */
async function runScoring() {
  const messages = await aws.receive('scoring');
  return messages.length ? deliver(scoringWorker, messages, 'scorecast-scoring') : [];
}

const getSubmission = async (id: string) =>
  (await call(h.getSubmission!, 'GET /v1/submissions/{submission_id}', { as: viewer, params: { submission_id: id } })).body;

describe('benchmarks', () => {
  it('defines a benchmark with defaults; agents read its tasks without the expected answers', async () => {
    const id = await defineBenchmark({ description: 'tiny' });
    const forViewer = await call(h.getBenchmark!, 'GET /v1/benchmarks/{benchmark_id}', { as: viewer, params: { benchmark_id: id } });
    expect(forViewer.body).toMatchObject({
      name: 'Geo and sums',
      leaderboard_rule: 'best',
      daily_submission_limit: 10,
      version: 1,
      task_count: 2,
      status: 'active',
    });
    expect(forViewer.body.tasks[0]).toMatchObject({ task_id: 'capital-fr', expected: 'Paris', weight: 1 });
    const agent = await registerAgent('reader');
    const forAgent = await call(h.getBenchmark!, 'GET /v1/benchmarks/{benchmark_id}', { as: agent, params: { benchmark_id: id } });
    expect(forAgent.status).toBe(200);
    expect(forAgent.body.tasks[1]).toEqual({ task_id: 'sum', input: '2+2', scorer: { type: 'numeric' }, weight: 3, split: 'public' });
  });

  it('refuses duplicate task ids and a scorer that does not fit its expected value, naming each', async () => {
    const res = await call(h.createBenchmark!, 'POST /v1/benchmarks', {
      as: maintainer,
      body: { name: 'bad', tasks: [tasks[0], tasks[0], { task_id: 'n', input: '', expected: 'four', scorer: { type: 'numeric' } }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('duplicate task_id capital-fr');
    expect(JSON.stringify(res.body.error)).toContain('tasks.2.scorer');
  });

  it('makes a new version only when the tasks change, and lists the versions', async () => {
    const id = await defineBenchmark();
    const rename = await call(h.updateBenchmark!, 'PATCH /v1/benchmarks/{benchmark_id}', {
      as: maintainer,
      params: { benchmark_id: id },
      body: { name: 'Renamed', tasks },
    });
    expect(rename.body).toMatchObject({ name: 'Renamed', version: 1 });
    const changed = await call(h.updateBenchmark!, 'PATCH /v1/benchmarks/{benchmark_id}', {
      as: maintainer,
      params: { benchmark_id: id },
      body: { tasks: [tasks[1]] },
    });
    expect(changed.body).toMatchObject({ version: 2, task_count: 1 });
    const versions = await call(h.versions!, 'GET /v1/benchmarks/{benchmark_id}/versions', { as: viewer, params: { benchmark_id: id } });
    const taskCounts = Object.fromEntries(versions.body.items.map((v: { version: number; task_count: number }) => [v.version, v.task_count]));
    expect(taskCounts).toEqual({ 1: 2, 2: 1 });
    const old = await call(h.getBenchmark!, 'GET /v1/benchmarks/{benchmark_id}', {
      as: viewer,
      params: { benchmark_id: id },
      query: { version: '1' },
    });
    expect(old.status).toBe(200);
  });

  it('lists the tenant’s benchmarks; an archived one refuses changes and submissions', async () => {
    const id = await defineBenchmark({ name: 'to archive' });
    const list = await call(h.listBenchmarks!, 'GET /v1/benchmarks', { as: viewer });
    expect(list.body.items.map((b: { benchmark_id: string }) => b.benchmark_id)).toContain(id);
    expect((await call(h.archiveBenchmark!, 'DELETE /v1/benchmarks/{benchmark_id}', { as: maintainer, params: { benchmark_id: id } })).status).toBe(
      204,
    );
    expect((await call(h.archiveBenchmark!, 'DELETE /v1/benchmarks/{benchmark_id}', { as: maintainer, params: { benchmark_id: id } })).status).toBe(
      204,
    );
    const change = await call(h.updateBenchmark!, 'PATCH /v1/benchmarks/{benchmark_id}', {
      as: maintainer,
      params: { benchmark_id: id },
      body: { name: 'x' },
    });
    expect(change.status).toBe(409);
    const agent = await registerAgent('late');
    expect((await submit(id, agent, [{ task_id: 'sum', output: 4 }])).status).toBe(409);
  });
});

describe('submissions and the leaderboard', () => {
  it('scores a submission from the queue and ranks agents, best score first', async () => {
    const id = await defineBenchmark();
    const alice = await registerAgent('alice');
    const bob = await registerAgent('bob');
    const a = await submit(id, alice, [
      { task_id: 'capital-fr', output: ' paris ' },
      { task_id: 'sum', output: '4' },
    ]);
    expect(a.status).toBe(202);
    expect(a.body).toMatchObject({ status: 'queued', answer_count: 2, score: null });
    const b = await submit(id, bob, [{ task_id: 'capital-fr', output: 'Paris' }]);
    expect(await runScoring()).toEqual([]);

    const scoredA = await getSubmission(a.body.submission_id);
    expect(scoredA).toMatchObject({ status: 'scored', score: 1 });
    expect(scoredA.transitions.map((t: { status: string }) => t.status)).toEqual(['queued', 'scoring', 'scored']);
    expect((await getSubmission(b.body.submission_id)).score).toBe(0.25);

    const board = await call(h.leaderboard!, 'GET /v1/benchmarks/{benchmark_id}/leaderboard', { as: viewer, params: { benchmark_id: id } });
    expect(board.status).toBe(200);
    expect(board.body.items.map((e: { rank: number; agent_id: string; score: number }) => [e.rank, e.agent_id, e.score])).toEqual([
      [1, alice.agentId, 1],
      [2, bob.agentId, 0.25],
    ]);

    const mine = await call(h.listSubmissions!, 'GET /v1/benchmarks/{benchmark_id}/submissions', { as: bob, params: { benchmark_id: id } });
    expect(mine.body.items.map((s: { submission_id: string }) => s.submission_id)).toEqual([b.body.submission_id]);
    const scored = await call(h.listSubmissions!, 'GET /v1/benchmarks/{benchmark_id}/submissions', {
      as: viewer,
      params: { benchmark_id: id },
      query: { status: 'scored' },
    });
    expect(scored.body.items).toHaveLength(2);
    const otherAgent = await call(h.getSubmission!, 'GET /v1/submissions/{submission_id}', {
      as: bob,
      params: { submission_id: a.body.submission_id },
    });
    expect(otherAgent.status).toBe(404);
  });

  it('refuses answers to unknown or repeated tasks, and submissions from users', async () => {
    const id = await defineBenchmark();
    const agent = await registerAgent('sloppy');
    const unknown = await submit(id, agent, [{ task_id: 'nope', output: 1 }]);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('nope');
    const twice = await submit(id, agent, [
      { task_id: 'sum', output: 1 },
      { task_id: 'sum', output: 2 },
    ]);
    expect(twice.status).toBe(400);
    const asUser = await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
      as: maintainer,
      params: { benchmark_id: id },
      body: { answers: [] },
    });
    expect(asUser.status).toBe(403);
  });

  it('counts a daily quota: 429 with retry-after once it is used; a cancelled submission gives its slot back', async () => {
    const id = await defineBenchmark({ daily_submission_limit: 1 });
    const agent = await registerAgent('eager');
    const first = await submit(id, agent, [{ task_id: 'sum', output: 4 }]);
    const over = await submit(id, agent, [{ task_id: 'sum', output: 4 }]);
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('quota_exceeded');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);

    const cancelled = await call(h.cancel!, 'POST /v1/submissions/{submission_id}/cancel', {
      as: maintainer,
      params: { submission_id: first.body.submission_id },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await runScoring()).toEqual([]);
    expect((await getSubmission(first.body.submission_id)).status).toBe('cancelled');
    expect((await submit(id, agent, [{ task_id: 'sum', output: 4 }])).status).toBe(202);
    const again = await call(h.cancel!, 'POST /v1/submissions/{submission_id}/cancel', {
      as: maintainer,
      params: { submission_id: first.body.submission_id },
    });
    expect(again.status).toBe(409);
  });

  it('replays an Idempotency-Key: the same submission, not a second one', async () => {
    const id = await defineBenchmark();
    const agent = await registerAgent('retrying');
    const headers = { 'idempotency-key': 'key-1' };
    const first = await submit(id, agent, [{ task_id: 'sum', output: 4 }], headers);
    const repeat = await submit(id, agent, [{ task_id: 'sum', output: 4 }], headers);
    expect(repeat.status).toBe(202);
    expect(repeat.body.submission_id).toBe(first.body.submission_id);
    const different = await submit(id, agent, [{ task_id: 'sum', output: 5 }], headers);
    expect(different.status).toBe(409);
  });

  it('rescores a scored submission against the version it was submitted to, and only a finished one', async () => {
    const id = await defineBenchmark();
    const agent = await registerAgent('rescored');
    const sub = await submit(id, agent, [{ task_id: 'sum', output: 5 }]);
    const early = await call(h.rescore!, 'POST /v1/submissions/{submission_id}/rescore', {
      as: maintainer,
      params: { submission_id: sub.body.submission_id },
    });
    expect(early.status).toBe(409);
    await runScoring();
    expect((await getSubmission(sub.body.submission_id)).score).toBe(0);
    await call(h.updateBenchmark!, 'PATCH /v1/benchmarks/{benchmark_id}', {
      as: maintainer,
      params: { benchmark_id: id },
      body: { tasks: [{ task_id: 'sum', input: '2+2', expected: 5, scorer: { type: 'numeric' } }] },
    });
    const queued = await call(h.rescore!, 'POST /v1/submissions/{submission_id}/rescore', {
      as: maintainer,
      params: { submission_id: sub.body.submission_id },
    });
    expect(queued.status).toBe(200);
    expect(queued.body.status).toBe('queued');
    expect(await runScoring()).toEqual([]);
    const rescored = await getSubmission(sub.body.submission_id);
    expect(rescored).toMatchObject({ status: 'scored', score: 0, version: 1 });
    expect(rescored.transitions.map((t: { status: string }) => t.status)).toEqual(['queued', 'scoring', 'scored', 'queued', 'scoring', 'scored']);
  });

  it('asks again for a submission whose scoring message was lost, once it is stuck long enough', async () => {
    const id = await defineBenchmark();
    const agent = await registerAgent('lost');
    const sub = await submit(id, agent, [{ task_id: 'sum', output: 4 }]);
    expect(await aws.receive('scoring')).toHaveLength(1); // taken and lost
    expect((await sweepHandler({ id: 'sweep-now' })).requeued).toBe(0);
    expect(await sweepStuckSubmissions(300, 'sweep-later', new Date(Date.now() + 10 * 60_000))).toBe(1);
    expect(await runScoring()).toEqual([]);
    expect(await getSubmission(sub.body.submission_id)).toMatchObject({ status: 'scored', score: 0.75 });
  });
});
