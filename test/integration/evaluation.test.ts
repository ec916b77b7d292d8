// The evaluation pipeline as a new user meets it on the twin: benchmarks with every scorer,
// agents submitting, the scoring worker, leaderboards (ties, rules, versions), quotas,
// idempotency, hostile regexes, cancellation, rescoring and the stuck-submission sweeper.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { newId } from '#shared/ids.ts';
import { queuedSubmission } from '#shared/submissions/submission.ts';
import { callApi, until } from '../support/twin-api.ts';

let twin: Twin;
const TENANT = 'evals';

beforeAll(async () => {
  twin = await startTwin({
    wiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-evals-')),
    onLog: () => undefined,
  });
});
afterAll(() => twin?.stop());

const token = (role: string, tenant = TENANT) => twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
const api = (method: string, path: string, credential: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(twin.httpUrl, method, path, credential, body, headers);
const newAgent = async (name: string) =>
  (await api('POST', '/v1/agents', token('maintainer'), { name })).json as { agent_id: string; api_key: string };
const settled = (id: string, credential = token('viewer')) =>
  until(async () => {
    const { json } = await api('GET', `/v1/submissions/${id}`, credential);
    return json.status === 'scored' || json.status === 'failed' ? json : undefined;
  });

const everyScorer = [
  { task_id: 'exact', input: 'Say hi', expected: 'hi', scorer: { type: 'exact' } },
  { task_id: 'text', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } },
  { task_id: 'num', input: '1/3 to 2 places', expected: 0.33, scorer: { type: 'numeric', tolerance: 0.01 }, weight: 2 },
  { task_id: 're', input: 'An ISO date', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { task_id: 'has', input: 'Name two colours', expected: null, scorer: { type: 'contains', values: ['red', 'blue'] } },
  { task_id: 'json', input: 'A point', expected: { x: 1, y: [2, 3] }, scorer: { type: 'json_equal' } },
];
const perfect = [
  { task_id: 'exact', output: '  hi ' },
  { task_id: 'text', output: ' PARIS ' },
  { task_id: 'num', output: '0.334' },
  { task_id: 're', output: '2026-11-21' },
  { task_id: 'has', output: 'blue and red' },
  { task_id: 'json', output: { y: [2, 3], x: 1 } },
];

describe('benchmarks', () => {
  it('are defined with every scorer; agents read them without expected answers', async () => {
    const created = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Everything', tasks: everyScorer });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ version: 1, task_count: 6, leaderboard_rule: 'best', daily_submission_limit: 10 });
    const agent = await newAgent('reader');
    const asAgent = await api('GET', `/v1/benchmarks/${created.json.benchmark_id}`, agent.api_key);
    expect(asAgent.status).toBe(200);
    expect(asAgent.json.tasks).toHaveLength(6);
    for (const task of asAgent.json.tasks) expect(task).not.toHaveProperty('expected');
    const asViewer = await api('GET', `/v1/benchmarks/${created.json.benchmark_id}`, token('viewer'));
    expect(asViewer.json.tasks[0].expected).toBe('hi');
  });

  it('refuse invalid tasks with clear errors, including a regex the safe engine cannot run', async () => {
    const bad = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Bad',
      tasks: [
        { task_id: 'a', input: 1, expected: 'x', scorer: { type: 'numeric' } },
        { task_id: 'b', input: 1, expected: null, scorer: { type: 'regex', pattern: '(a)\\1' } },
        { task_id: 'b', input: 1, expected: 'x', scorer: { type: 'exact' } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(['tasks.0.scorer', 'tasks.1.scorer', 'tasks.2.task_id']);
    expect((await api('POST', '/v1/benchmarks', token('viewer'), { name: 'x', tasks: everyScorer })).status).toBe(403);
  });

  it('get a new version (with its own board) only when tasks change', async () => {
    const { json: created } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Versioned', tasks: everyScorer.slice(0, 1) });
    const renamed = await api('PATCH', `/v1/benchmarks/${created.benchmark_id}`, token('maintainer'), {
      name: 'Versioned!',
      tasks: everyScorer.slice(0, 1),
    });
    expect(renamed.json).toMatchObject({ name: 'Versioned!', version: 1 });
    const changed = await api('PATCH', `/v1/benchmarks/${created.benchmark_id}`, token('maintainer'), { tasks: everyScorer.slice(0, 2) });
    expect(changed.json).toMatchObject({ version: 2, task_count: 2 });
    const versions = await api('GET', `/v1/benchmarks/${created.benchmark_id}/versions`, token('viewer'));
    expect(versions.json.items.map((v: { version: number; task_count: number }) => [v.version, v.task_count])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('submissions, scoring and the leaderboard', () => {
  it('scores three agents within seconds and ranks them, ties to whoever reached the score first', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Race', tasks: everyScorer });
    const [first, second, third] = [await newAgent('first'), await newAgent('second'), await newAgent('third')];
    // Wrong on `num` (weight 2) and `json` (weight 1): 4 of 7.
    const half = perfect.map((a) => (a.task_id === 'num' || a.task_id === 'json' ? { ...a, output: 'wrong' } : a));
    const submit = (agent: { api_key: string }, answers: unknown) =>
      api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers });

    const a = await submit(first, perfect);
    expect(a.status).toBe(202);
    expect(a.json).toMatchObject({ status: 'queued', version: 1, agent_id: first.agent_id });
    const b = await submit(second, half);
    const c = await submit(third, perfect); // ties with `first`, later
    const [sa, sb, sc] = [await settled(a.json.submission_id), await settled(b.json.submission_id), await settled(c.json.submission_id)];
    expect(sa).toMatchObject({ status: 'scored', score: 1 });
    expect(sa.results).toHaveLength(6);
    expect(sa.transitions.map((t: { status: string }) => t.status)).toEqual(['queued', 'scoring', 'scored']);
    expect(sb.score).toBeCloseTo(4 / 7, 5);
    expect(sb.results.find((r: { task_id: string }) => r.task_id === 'num')).toMatchObject({ score: 0, weight: 2 });
    expect(sc.score).toBe(1);

    const board = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
    expect(board.json.items.map((e: { rank: number; agent_id: string }) => [e.rank, e.agent_id])).toEqual([
      [1, first.agent_id],
      [2, third.agent_id],
      [3, second.agent_id],
    ]);
    const page = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?limit=2`, first.api_key);
    const rest = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?limit=2&cursor=${page.json.next_cursor}`, first.api_key);
    expect(rest.json.items).toEqual([expect.objectContaining({ rank: 3, agent_id: second.agent_id })]);
  });

  it('keeps the best score under `best` and the latest under `latest`', async () => {
    for (const rule of ['best', 'latest'] as const) {
      const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: rule, tasks: everyScorer, leaderboard_rule: rule });
      const agent = await newAgent(`rule-${rule}`);
      const good = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: perfect });
      await settled(good.json.submission_id);
      const worse = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: perfect.slice(0, 1) });
      await settled(worse.json.submission_id);
      const board = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
      expect(board.json.items, JSON.stringify(board.json)).toHaveLength(1);
      expect(board.json.items[0].submission_id).toBe(rule === 'best' ? good.json.submission_id : worse.json.submission_id);
    }
  });

  it('answers 429 quota_exceeded past the daily limit; cancelled submissions do not count', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Quota',
      tasks: everyScorer,
      daily_submission_limit: 2,
    });
    const agent = await newAgent('quota');
    const submit = () => api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: perfect });
    expect((await submit()).status).toBe(202);
    expect((await submit()).status).toBe(202);
    const over = await submit();
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('quota_exceeded');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another agent has its own quota.
    expect((await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, (await newAgent('q2')).api_key, { answers: perfect })).status).toBe(
      202,
    );
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body (409)', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Idem', tasks: everyScorer });
    const agent = await newAgent('idem');
    const path = `/v1/benchmarks/${bench.benchmark_id}/submissions`;
    const first = await api('POST', path, agent.api_key, { answers: perfect }, { 'idempotency-key': 'k-1' });
    const again = await api('POST', path, agent.api_key, { answers: perfect }, { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(202);
    expect(again.json.submission_id).toBe(first.json.submission_id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await api('POST', path, agent.api_key, { answers: perfect.slice(1) }, { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(409);
    const list = await api('GET', `${path}?agent_id=${agent.agent_id}`, token('viewer'));
    expect(list.json.items).toHaveLength(1);
  });

  it('refuses answers to unknown tasks (400) and submissions from users (403)', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Strict', tasks: everyScorer });
    const agent = await newAgent('strict');
    const unknown = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, {
      answers: [{ task_id: 'nope', output: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details).toEqual({ unknown_task_ids: ['nope'] });
    expect((await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, token('admin'), { answers: perfect })).status).toBe(403);
  });

  it('a hostile regex neither stalls the worker nor blocks later submissions', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Hostile',
      tasks: [{ task_id: 'evil', input: '', expected: null, scorer: { type: 'regex', pattern: '^(a+)+$' } }],
    });
    expect(bench.benchmark_id).toBeDefined();
    const agent = await newAgent('hostile');
    const path = `/v1/benchmarks/${bench.benchmark_id}/submissions`;
    const started = Date.now();
    const evil = await api('POST', path, agent.api_key, { answers: [{ task_id: 'evil', output: `${'a'.repeat(30_000)}!` }] });
    const fine = await api('POST', path, agent.api_key, { answers: [{ task_id: 'evil', output: 'aaa' }] });
    expect((await settled(evil.json.submission_id)).score).toBe(0);
    expect((await settled(fine.json.submission_id)).score).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lets an agent see only its own submissions, cancel a queued one, and a maintainer rescore', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Own', tasks: everyScorer });
    const [mine, theirs] = [await newAgent('mine'), await newAgent('theirs')];
    const sub = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, mine.api_key, { answers: perfect });
    expect((await api('GET', `/v1/submissions/${sub.json.submission_id}`, theirs.api_key)).status).toBe(404);
    expect((await api('GET', `/v1/submissions/${sub.json.submission_id}`, token('viewer', 'elsewhere'))).status).toBe(404);
    const theirList = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/submissions`, theirs.api_key);
    expect(theirList.json.items).toHaveLength(0);

    const scored = await settled(sub.json.submission_id);
    expect((await api('POST', `/v1/submissions/${scored.submission_id}/cancel`, mine.api_key)).status).toBe(409);
    const rescore = await api('POST', `/v1/submissions/${scored.submission_id}/rescore`, token('maintainer'));
    expect(rescore.json.status).toBe('queued');
    const again = await settled(scored.submission_id);
    expect(again).toMatchObject({ status: 'scored', score: 1 });
    expect(again.transitions.map((t: { status: string }) => t.status)).toEqual(['queued', 'scoring', 'scored', 'queued', 'scoring', 'scored']);
    expect((await api('POST', `/v1/submissions/${scored.submission_id}/rescore`, mine.api_key)).status).toBe(403);
  });
});

describe('the sweeper', () => {
  it('re-enqueues a submission whose scoring request was lost, so none stays stuck', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Stuck', tasks: everyScorer });
    const agent = await newAgent('stuck');
    // A crash between persist and enqueue: the submission is queued, but no message exists — for
    // ten minutes now, beyond the declared STUCK_SUBMISSION_SECONDS (300 s).
    process.env.TABLE_NAME = twin.engines.tableName;
    const { insertSubmission } = await import('#shared/store/submissions.ts');
    const submissionId = newId('sub');
    const owner = { submissionId, tenantId: TENANT, benchmarkId: bench.benchmark_id, agentId: agent.agent_id, version: 1 };
    await insertSubmission(queuedSubmission(owner, { answers: perfect }, new Date(Date.now() - 10 * 60_000)));
    const sweep = (await twin.invoke('sweepSubmissions', { id: 'sweep-test', 'detail-type': 'Scheduled Event' })) as { requeued: number };
    expect(sweep.requeued).toBeGreaterThanOrEqual(1);
    expect(await settled(submissionId)).toMatchObject({ status: 'scored', score: 1 });
  });
});
