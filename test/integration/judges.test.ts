// Judges on the twin: registration (secret shown once; the webhook URL rules), benchmarks whose
// tasks name a judge (refused when the tenant has no such judge), scoring through the judging
// queue with the example judge (npm run judge: a real HTTP server verifying the signatures), and a
// judge that stays unreachable (→ every attempt and receive → DLQ → failed, judge_unavailable →
// listed → a redrive scores it once the judge is back). The judging queue and the retry waits are
// shortened, so every path runs in seconds.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { listen } from '#infra/local/http-common.ts';
import { startLocalJudge, type LocalJudge } from '#infra/local/judge.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { callApi, type Json, until } from '../support/twin-api.ts';

const testWiring: Wiring = {
  ...wiring,
  // Redeliveries and the move to the DLQ in seconds (the stack's 6x rule does not bind a test queue).
  queues: { ...wiring.queues, judging: { ...wiring.queues.judging, visibilityTimeoutSeconds: 3, maxReceiveCount: 2 } },
};

let twin: Twin;
let judge: LocalJudge;
let tenantCount = 0;
const TENANT = 'judged';

beforeAll(async () => {
  twin = await startTwin({
    wiring: testWiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-judges-')),
    settings: { JUDGE_ATTEMPT_TIMEOUT_MS: '2000', JUDGE_RETRY_DELAYS_MS: '50,100', JUDGE_RETRY_SCHEDULE_SECONDS: '1' },
    onLog: (fn, line) => void (process.env.TWIN_LOGS && console.log(fn, line)),
  });
  judge = await startLocalJudge({ httpUrl: twin.httpUrl, token: token(TENANT, 'maintainer'), port: 0, print: () => undefined });
});
afterAll(async () => {
  await judge?.close();
  await twin?.stop();
});

const token = (tenant: string, role: string) => twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
const api = (method: string, path: string, credential: string, body?: unknown) => callApi(twin.httpUrl, method, path, credential, body);

async function agentKey(tenant: string): Promise<string> {
  const agent = await api('POST', '/v1/agents', token(tenant, 'maintainer'), { name: `agent-${Math.random().toString(36).slice(2, 8)}` });
  expect(agent.status, agent.text).toBe(201);
  return agent.json.api_key;
}

const scored = (submissionId: string, credential: string, status = 'scored') =>
  until(async () => {
    const { json } = await api('GET', `/v1/submissions/${submissionId}`, credential);
    return json?.status === status ? json : undefined;
  }, `submission ${submissionId} to be ${status}`);

describe('registration', () => {
  it('answers the secret once; reads never show it; only maintainers manage judges', async () => {
    const tenant = `judges-${++tenantCount}`;
    const maintainer = token(tenant, 'maintainer');
    const created = await api('POST', '/v1/judges', maintainer, {
      name: 'rubric judge',
      url: 'http://127.0.0.1:9/judge',
      description: 'grades essays',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      judge_id: expect.stringMatching(/^jdg_[0-9a-z]{26}$/),
      name: 'rubric judge',
      url: 'http://127.0.0.1:9/judge',
      description: 'grades essays',
      previous_secret_expires_at: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{44}$/),
    });
    const id = created.json.judge_id;
    const got = await api('GET', `/v1/judges/${id}`, maintainer);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain('whsec_');
    const list = await api('GET', '/v1/judges', maintainer);
    expect(list.json.items.map((j: Json) => j.judge_id)).toEqual([id]);
    expect(list.text).not.toContain('whsec_');
    expect((await api('GET', '/v1/judges', token(tenant, 'viewer'))).status).toBe(403);
    expect((await api('POST', '/v1/judges', token(tenant, 'viewer'), { name: 'x', url: 'http://127.0.0.1:9/' })).status).toBe(403);
    expect((await api('GET', `/v1/judges/${id}`, token('another-tenant', 'admin'))).status).toBe(404);

    const changed = await api('PATCH', `/v1/judges/${id}`, maintainer, { name: 'essay judge', description: null });
    expect(changed.json).toMatchObject({ name: 'essay judge', description: null, url: 'http://127.0.0.1:9/judge' });
    const rotated = await api('POST', `/v1/judges/${id}/rotate-secret`, maintainer, { overlap_seconds: 60 });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.json.secret).not.toBe(created.json.secret);
    expect(rotated.json.previous_secret_expires_at).toEqual(expect.any(String));
    expect((await api('DELETE', `/v1/judges/${id}`, maintainer)).status).toBe(204);
    expect((await api('GET', `/v1/judges/${id}`, maintainer)).status).toBe(404);
    expect((await api('DELETE', `/v1/judges/${id}`, maintainer)).status).toBe(404);
  });

  it('refuses metadata, private and plain-http URLs, at registration and on change, as for webhooks', async () => {
    const maintainer = token(`judges-${++tenantCount}`, 'maintainer');
    const register = (url: string) => api('POST', '/v1/judges', maintainer, { name: 'j', url });
    const metadata = await register('http://169.254.169.254/latest/meta-data/');
    expect(metadata.status).toBe(400);
    expect(metadata.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ location: 'body', path: 'url', message: 'must point to a public address: 169.254.169.254 is a metadata address' }],
    });
    for (const url of ['https://[::ffff:169.254.169.254]/', 'http://10.0.0.8/judge', 'https://192.168.1.1/'])
      expect((await register(url)).status, url).toBe(400);
    expect((await register('http://judge.example.com/x')).json.error.details[0].message).toBe('must use https');
    const fine = await register('https://judge.example.com/x');
    expect(fine.status).toBe(201);
    expect((await api('PATCH', `/v1/judges/${fine.json.judge_id}`, maintainer, { url: 'https://169.254.169.254/' })).status).toBe(400);
  });

  it('refuses a benchmark whose task names a judge the tenant does not have', async () => {
    const tenant = `judges-${++tenantCount}`;
    const task = { task_id: 'essay', input: 'Why?', expected: 'because', scorer: { type: 'judge', judge_id: judge.judgeId } };
    // The judge is the `judged` tenant's, not this one's.
    const refused = await api('POST', '/v1/benchmarks', token(tenant, 'maintainer'), { name: 'b', tasks: [task] });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.error.details).toEqual([
      { location: 'body', path: 'tasks.0.scorer.judge_id', message: `no judge ${judge.judgeId} in this tenant` },
    ]);
    const badThreshold = await api('POST', '/v1/benchmarks', token(TENANT, 'maintainer'), {
      name: 'b',
      tasks: [{ ...task, scorer: { ...task.scorer, pass_threshold: 1.5 } }],
    });
    expect(badThreshold.status).toBe(400);
  });
});

describe('scoring with a judge', () => {
  it('asks the judge for each answered judge task, signed, and weighs its verdicts with the other tasks', async () => {
    const maintainer = token(TENANT, 'maintainer');
    const tasks = [
      { task_id: 'exact', input: 'Say hi', expected: 'hi', scorer: { type: 'exact' } },
      {
        task_id: 'capital',
        input: 'What is the capital of France?',
        expected: 'Paris, capital of France',
        scorer: { type: 'judge', judge_id: judge.judgeId, pass_threshold: 0.5 },
      },
      {
        task_id: 'river',
        input: 'Which river?',
        expected: 'Seine river',
        scorer: { type: 'judge', judge_id: judge.judgeId, rubric: 'Paris' },
        weight: 2,
      },
      { task_id: 'skipped', input: 'Unanswered', expected: 'nothing', scorer: { type: 'judge', judge_id: judge.judgeId } },
    ];
    const benchmark = await api('POST', '/v1/benchmarks', maintainer, { name: 'judged', tasks });
    expect(benchmark.status, benchmark.text).toBe(201);
    const key = await agentKey(TENANT);
    const judgedBefore = judge.counts.judged;
    const submitted = await api('POST', `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`, key, {
      answers: [
        { task_id: 'exact', output: 'hi' },
        { task_id: 'capital', output: 'It is Paris, in France' },
        { task_id: 'river', output: 'The Seine flows through Paris' },
      ],
    });
    expect(submitted.status, submitted.text).toBe(202);
    const submission = await scored(submitted.json.submission_id, key);
    expect(submission.results).toEqual([
      { task_id: 'exact', weight: 1, answered: true, score: 1, samples: 1, correct: 1 },
      // 2 of 3 keywords (paris, france; not capital) = 0.6667 ≥ 0.5: passes.
      { task_id: 'capital', weight: 1, answered: true, score: 1, detail: '2 of 3 keywords; missing: capital', samples: 1, correct: 1 },
      // seine, river, paris: 2 of 3, kept as the judge's fraction (one attempt, below the default pass_threshold 1).
      { task_id: 'river', weight: 2, answered: true, score: 0.6667, detail: '2 of 3 keywords; missing: river', samples: 1, correct: 0 },
      { task_id: 'skipped', weight: 1, answered: false, score: 0, detail: 'missing answer', samples: 0, correct: 0 },
    ]);
    // (1 + 1 + 2 × 0.6667 + 0) / 5
    expect(submission.score).toBeCloseTo(0.66668, 5);
    expect(judge.counts).toMatchObject({ judged: judgedBefore + 2, refused: 0 });
  });

  it('fails a submission whose judge was deleted (judge_error), without retrying', async () => {
    const maintainer = token(TENANT, 'maintainer');
    const doomed = await api('POST', '/v1/judges', maintainer, { name: 'short-lived', url: judge.url });
    const benchmark = await api('POST', '/v1/benchmarks', maintainer, {
      name: 'orphaned',
      tasks: [{ task_id: 't', input: 'q', expected: 'a', scorer: { type: 'judge', judge_id: doomed.json.judge_id } }],
    });
    expect((await api('DELETE', `/v1/judges/${doomed.json.judge_id}`, maintainer)).status).toBe(204);
    const key = await agentKey(TENANT);
    const submitted = await api('POST', `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`, key, {
      answers: [{ task_id: 't', output: 'a' }],
    });
    const failed = await scored(submitted.json.submission_id, key, 'failed');
    expect(failed.failure_reason).toBe(`judge_error: judge ${doomed.json.judge_id} no longer exists`);
  });
});

describe('a judge that stays unreachable', () => {
  let down: Server;
  let up = false;
  let requests = 0;
  let url = '';

  beforeAll(async () => {
    // 503 until it is "back"; then it passes every answer (its signature is checked by the example judge test above).
    down = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        requests++;
        if (!up) return void response.writeHead(503).end();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ score: 1, rationale: 'back' }));
      });
    });
    url = `http://127.0.0.1:${await listen(down, 0)}/judge`;
  });
  afterAll(() => new Promise<void>((done) => down.close(() => done())));

  it('sends the submission back until the queue gives up, then fails it (judge_unavailable); a redrive scores it once the judge is back', async () => {
    const tenant = `judges-${++tenantCount}`;
    const maintainer = token(tenant, 'maintainer');
    const admin = token(tenant, 'admin');
    const registered = await api('POST', '/v1/judges', maintainer, { name: 'flaky', url });
    const benchmark = await api('POST', '/v1/benchmarks', maintainer, {
      name: 'flaky',
      tasks: [{ task_id: 't', input: 'q', expected: 'a', scorer: { type: 'judge', judge_id: registered.json.judge_id } }],
    });
    const key = await agentKey(tenant);
    const submitted = await api('POST', `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`, key, {
      answers: [{ task_id: 't', output: 'a' }],
    });
    const failed = await scored(submitted.json.submission_id, key, 'failed');
    expect(failed.failure_reason).toBe('judge_unavailable');
    // Three attempts (at once, +50 ms, +100 ms) in each of the queue's two receives.
    expect(requests).toBe(6);

    const letter = await until(async () => {
      const { json } = await api('GET', '/v1/admin/dead-letters?queue=judging', admin);
      return json?.items?.[0];
    }, 'the judging dead letter');
    expect(letter).toMatchObject({
      queue: 'judging',
      body: { tenant_id: tenant, submission_id: submitted.json.submission_id },
      attempts: 2,
      last_error: expect.stringMatching(/^JudgeUnavailable: judge jdg_\w+ \(http:\/\/127\.0\.0\.1:\d+\/judge\) unreachable: HTTP 503$/),
      redriven_at: null,
    });

    up = true;
    const redrive = await api('POST', '/v1/admin/dead-letters/judging/redrive', admin);
    expect(redrive.json).toEqual({ redriven: 1 });
    const rescored = await scored(submitted.json.submission_id, key);
    expect(rescored).toMatchObject({ score: 1, failure_reason: null, results: [{ task_id: 't', score: 1, detail: 'back' }] });
  });
});
