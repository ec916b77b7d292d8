// Traces and logs of a submission in-process against the twin's embedded DynamoDB and SQS (no
// mocks): the submission's agent appends spans and log lines, viewers read the span tree with its
// totals and the log lines in time order; nobody else writes to a submission that is not theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { agentCaller, call, user, type HttpHandler, loadHandlers } from '../../../test/support/handlers.ts';

let aws: LocalAws;
const h: Record<string, HttpHandler> = {};

beforeAll(async () => {
  aws = await startLocalAws();
  const routes = {
    createBenchmark: import('../benchmarks/create.ts'),
    createAgent: import('../agents/create.ts'),
    submit: import('../submissions/create.ts'),
    appendSpans: import('./append.ts'),
    trace: import('./get.ts'),
    appendLogs: import('../logs/append.ts'),
    logs: import('../logs/list.ts'),
    whoami: import('../whoami.ts'),
    openapi: import('../openapi.ts'),
  };
  await loadHandlers(h, routes);
});
afterAll(() => aws?.stop());

const tenant = 't-traces';
const maintainer = user(tenant, 'maintainer');
const viewer = user(tenant, 'viewer');
let submissionId: string;
let agent: ReturnType<typeof agentCaller>;
let otherAgent: ReturnType<typeof agentCaller>;

beforeAll(async () => {
  const benchmark = await call(h.createBenchmark!, 'POST /v1/benchmarks', {
    as: maintainer,
    body: { name: 'traced', tasks: [{ task_id: 't', input: 'x', expected: 'y', scorer: { type: 'exact' } }] },
  });
  agent = agentCaller(tenant, (await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name: 'tracer' } })).body.agent_id);
  otherAgent = agentCaller(tenant, (await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name: 'other' } })).body.agent_id);
  const sub = await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
    as: agent,
    params: { benchmark_id: benchmark.body.benchmark_id },
    body: { answers: [{ task_id: 't', output: 'y' }] },
  });
  submissionId = sub.body.submission_id;
});

const span = (id: string, parent: string | null, startedAt: string, extra: Record<string, unknown> = {}) => ({
  span_id: id,
  parent_span_id: parent,
  name: `step ${id}`,
  kind: 'llm',
  started_at: startedAt,
  ended_at: null,
  status: 'ok',
  ...extra,
});

describe('traces and logs', () => {
  it('builds the span tree with totals; a span posted again replaces the stored one', async () => {
    const appended = await call(h.appendSpans!, 'POST /v1/submissions/{submission_id}/traces', {
      as: agent,
      params: { submission_id: submissionId },
      body: {
        spans: [
          span('root', null, '2026-01-01T00:00:00.000Z', { kind: 'agent' }),
          span('b', 'root', '2026-01-01T00:00:02.000Z', { input_tokens: 10, output_tokens: 5, cost_usd: 0.5 }),
          span('a', 'root', '2026-01-01T00:00:01.000Z', { input_tokens: 1, output_tokens: 1, cost_usd: 0.25 }),
        ],
      },
    });
    expect(appended.body).toEqual({ accepted: 3 });
    await call(h.appendSpans!, 'POST /v1/submissions/{submission_id}/traces', {
      as: agent,
      params: { submission_id: submissionId },
      body: { spans: [span('b', 'root', '2026-01-01T00:00:02.000Z', { input_tokens: 20, output_tokens: 5, cost_usd: 0.5, status: 'error' })] },
    });
    const trace = await call(h.trace!, 'GET /v1/submissions/{submission_id}/traces', { as: viewer, params: { submission_id: submissionId } });
    expect(trace.status).toBe(200);
    expect(trace.body.spans).toHaveLength(1);
    expect(trace.body.spans[0].children.map((c: { span_id: string }) => c.span_id)).toEqual(['a', 'b']);
    expect(trace.body.spans[0].children[1].status).toBe('error');
    expect(trace.body.totals).toEqual({ span_count: 3, input_tokens: 21, output_tokens: 6, cost_usd: 0.75 });
    expect(trace.body.truncated).toBe(false);
  });

  it('keeps log lines in time order, a page at a time', async () => {
    const res = await call(h.appendLogs!, 'POST /v1/submissions/{submission_id}/logs', {
      as: agent,
      params: { submission_id: submissionId },
      body: {
        lines: [
          { ts: '2026-01-01T00:00:03.000Z', level: 'error', message: 'third' },
          { ts: '2026-01-01T00:00:01.000Z', level: 'info', message: 'first' },
          { ts: '2026-01-01T00:00:02.000Z', level: 'warn', message: 'second' },
        ],
      },
    });
    expect(res.body).toEqual({ accepted: 3 });
    const page1 = await call(h.logs!, 'GET /v1/submissions/{submission_id}/logs', {
      as: viewer,
      params: { submission_id: submissionId },
      query: { limit: '2' },
    });
    expect(page1.body.items.map((l: { message: string }) => l.message)).toEqual(['first', 'second']);
    const page2 = await call(h.logs!, 'GET /v1/submissions/{submission_id}/logs', {
      as: viewer,
      params: { submission_id: submissionId },
      query: { limit: '2', cursor: page1.body.next_cursor },
    });
    expect(page2.body.items.map((l: { message: string }) => l.message)).toEqual(['third']);
  });

  it('lets only the submission’s own agent write to it', async () => {
    const spans = await call(h.appendSpans!, 'POST /v1/submissions/{submission_id}/traces', {
      as: otherAgent,
      params: { submission_id: submissionId },
      body: { spans: [span('x', null, '2026-01-01T00:00:00.000Z')] },
    });
    expect(spans.status).toBe(404);
    const logs = await call(h.appendLogs!, 'POST /v1/submissions/{submission_id}/logs', {
      as: maintainer,
      params: { submission_id: submissionId },
      body: { lines: [{ ts: '2026-01-01T00:00:00.000Z', level: 'info', message: 'x' }] },
    });
    expect(logs.status).toBe(403);
    const theirs = await call(h.trace!, 'GET /v1/submissions/{submission_id}/traces', { as: otherAgent, params: { submission_id: submissionId } });
    expect(theirs.status).toBe(404);
  });

  it('tells a caller who it is, and anyone the OpenAPI document', async () => {
    const me = await call(h.whoami!, 'GET /v1/whoami', { as: agent });
    expect(me.body).toMatchObject({ tenant_id: tenant, principal_type: 'agent', principal_id: agent.agentId });
    const doc = await call(h.openapi!, 'GET /openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.body.paths)).toContain('/v1/agents');
  });
});
