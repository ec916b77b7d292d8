// Dead letters in-process against the twin's embedded DynamoDB and SQS (no mocks): a scoring
// message the worker gave up on is recorded with the worker's last error, its submission fails,
// an admin lists it and redrives it, and the submission is scored after all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { agentCaller, call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../../test/support/handlers.ts';

let aws: LocalAws;
const h: Record<string, HttpHandler> = {};
let recorder: SqsHandler;
let scoringWorker: SqsHandler;

beforeAll(async () => {
  aws = await startLocalAws();
  const routes = {
    createBenchmark: import('../benchmarks/create.ts'),
    createAgent: import('../agents/create.ts'),
    submit: import('../submissions/create.ts'),
    getSubmission: import('../submissions/get.ts'),
    list: import('./dead-letters-list.ts'),
    redrive: import('./dead-letters-redrive.ts'),
    audit: import('../audit/list.ts'),
  };
  await loadHandlers(h, routes);
  recorder = (await import('../../workers/dead-letter-recorder.ts')).handler as SqsHandler;
  scoringWorker = (await import('../../workers/scoring.ts')).handler as SqsHandler;
});
afterAll(() => aws?.stop());

const tenant = 't-dlq';
const admin = user(tenant, 'admin');
const maintainer = user(tenant, 'maintainer');

async function queuedSubmission() {
  const benchmark = await call(h.createBenchmark!, 'POST /v1/benchmarks', {
    as: maintainer,
    body: { name: 'b', tasks: [{ task_id: 't', input: 'x', expected: 'y', scorer: { type: 'exact' } }] },
  });
  const agent = await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name: 'a' } });
  const sub = await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
    as: agentCaller(tenant, agent.body.agent_id),
    params: { benchmark_id: benchmark.body.benchmark_id },
    body: { answers: [{ task_id: 't', output: 'y' }] },
  });
  expect(sub.status).toBe(202);
  return sub.body.submission_id as string;
}

const submissionStatus = async (id: string) =>
  (await call(h.getSubmission!, 'GET /v1/submissions/{submission_id}', { as: maintainer, params: { submission_id: id } })).body;

describe('dead letters', () => {
  it('records a scoring message the queue gave up on, fails its submission, and redrives it to be scored', async () => {
    const id = await queuedSubmission();
    const [message] = await aws.receive('scoring');
    expect(JSON.parse(message!.body)).toMatchObject({ submission_id: id });
    // What the DLQ hands the recorder: the same message id and body.
    expect(await deliver(recorder, [message!], 'scorecast-scoring-dlq')).toEqual([]);

    const failed = await submissionStatus(id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toEqual(expect.any(String));

    const listed = await call(h.list!, 'GET /v1/admin/dead-letters', { as: admin, query: { queue: 'scoring' } });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ queue: 'scoring', message_id: message!.messageId, redriven_at: null });
    expect(listed.body.items[0].body).toMatchObject({ submission_id: id });

    const redriven = await call(h.redrive!, 'POST /v1/admin/dead-letters/{queue}/redrive', { as: admin, params: { queue: 'scoring' } });
    expect(redriven.status).toBe(202);
    expect(redriven.body.redriven).toBe(1);
    expect((await submissionStatus(id)).status).toBe('queued');
    const again = await aws.receive('scoring');
    expect(again).toHaveLength(1);
    expect(await deliver(scoringWorker, again, 'scorecast-scoring')).toEqual([]);
    expect(await submissionStatus(id)).toMatchObject({ status: 'scored', score: 1 });

    const after = await call(h.list!, 'GET /v1/admin/dead-letters', { as: admin, query: { queue: 'scoring' } });
    expect(after.body.items[0].redriven_at).toEqual(expect.any(String));
    const none = await call(h.redrive!, 'POST /v1/admin/dead-letters/{queue}/redrive', { as: admin, params: { queue: 'scoring' } });
    expect(none.body.redriven).toBe(0);
  });

  it('records a dead letter nobody failed before with the DLQ’s receive count and no last error', async () => {
    const orphan = {
      messageId: 'm-orphan',
      body: JSON.stringify({ tenant_id: tenant, submission_id: 'sub_00000000000000000000000000', reason: 'submitted' }),
    };
    expect(await deliver(recorder, [orphan], 'scorecast-scoring-dlq')).toEqual([]);
    const listed = await call(h.list!, 'GET /v1/admin/dead-letters', { as: admin, query: { queue: 'scoring' } });
    const letter = listed.body.items.find((l: { message_id: string }) => l.message_id === 'm-orphan');
    expect(letter).toMatchObject({ attempts: 1, last_error: null, redriven_at: null });
  });

  it('is for admins only, and audits the redrive', async () => {
    expect((await call(h.list!, 'GET /v1/admin/dead-letters', { as: maintainer, query: { queue: 'scoring' } })).status).toBe(403);
    expect((await call(h.list!, 'GET /v1/admin/dead-letters', { as: admin, query: { queue: 'nope' } })).status).toBe(400);
    const audit = await call(h.audit!, 'GET /v1/audit', { as: admin });
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((e: { action: string; status: number }) => `${e.action} ${e.status}`);
    expect(actions).toEqual(expect.arrayContaining(['dead_letter.redrive 202', 'submission.create 202', 'agent.create 201', 'benchmark.create 201']));
    expect(audit.body.items[0].action).toBe('dead_letter.redrive'); // newest first
  });
});
