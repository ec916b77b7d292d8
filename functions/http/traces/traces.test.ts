// Traces and logs of a submission in-process against the twin's embedded DynamoDB and SQS (no
// mocks): the submission's agent appends spans and log lines, viewers read the span tree with its
// totals and the log lines in time order; nobody else writes to a submission that is not theirs.
// How spans are stored (one item per append; items of stacks deployed before) is read off the table.
import { randomBytes } from 'node:crypto';
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
let benchmarkId: string;
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
  benchmarkId = benchmark.body.benchmark_id;
});

const newSubmission = async (): Promise<string> =>
  (
    await call(h.submit!, 'POST /v1/benchmarks/{benchmark_id}/submissions', {
      as: agent,
      params: { benchmark_id: benchmarkId },
      body: { answers: [{ task_id: 't', output: 'y' }] },
    })
  ).body.submission_id;
const append = (id: string, spans: unknown[]) =>
  call(h.appendSpans!, 'POST /v1/submissions/{submission_id}/traces', { as: agent, params: { submission_id: id }, body: { spans } });
const readTrace = async (id: string) =>
  (await call(h.trace!, 'GET /v1/submissions/{submission_id}/traces', { as: viewer, params: { submission_id: id } })).body;

/** The trace's items as stored: sort key, type and how many spans each holds. */
async function traceItems(id: string) {
  const [{ queryAll }, { keys }] = await Promise.all([import('#shared/store/page.ts'), import('#shared/store/keys.ts')]);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :span)',
    ExpressionAttributeValues: { ':pk': keys.submissionPartition(tenant, id).PK, ':span': 'SPAN' },
  });
  return items.map((item) => ({
    sk: item.SK as string,
    type: item.type as string,
    spanCount: item.span_count as number | undefined,
    bytes: (item.spans as Uint8Array | undefined)?.length,
  }));
}

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

  it('stores an append as one item (ten spans, one write unit), and a retried append adds nothing a reader sees', async () => {
    const id = await newSubmission();
    const spans = Array.from({ length: 10 }, (_, i) =>
      span(`s${i}`, i ? 's0' : null, `2026-01-01T00:00:0${i}.000Z`, { input_tokens: 10, output_tokens: 1, cost_usd: 0.01, attributes: { step: i } }),
    );
    expect((await append(id, spans)).body).toEqual({ accepted: 10 });
    const items = await traceItems(id);
    expect(items).toEqual([{ sk: expect.stringMatching(/^SPANS#app_[0-9a-z]{26}#000$/), type: 'spans', spanCount: 10, bytes: expect.any(Number) }]);
    expect(items[0]!.bytes).toBeLessThan(1024);

    const once = await readTrace(id);
    expect(once.totals).toEqual({ span_count: 10, input_tokens: 100, output_tokens: 10, cost_usd: 0.1 });
    // The client did not see the answer and sends the same batch again (no Idempotency-Key): stored twice, read once.
    expect((await append(id, spans)).body).toEqual({ accepted: 10 });
    expect(await traceItems(id)).toHaveLength(2);
    expect(await readTrace(id)).toEqual(once);
  });

  it('shows the latest version of a span replaced by later appends, in the tree, the totals and the usage filled from them', async () => {
    const id = await newSubmission();
    await append(id, [
      span('root', null, '2026-01-01T00:00:00.000Z', { kind: 'agent' }),
      span('llm', 'root', '2026-01-01T00:00:01.000Z', { input_tokens: 5, cost_usd: 1 }),
    ]);
    await append(id, [span('llm', 'root', '2026-01-01T00:00:01.000Z', { input_tokens: 7, cost_usd: 2, name: 'second' })]);
    await append(id, [
      span('llm', 'root', '2026-01-01T00:00:01.000Z', { input_tokens: 9, cost_usd: 3, name: 'third', ended_at: '2026-01-01T00:00:04.000Z' }),
      span('tool', 'llm', '2026-01-01T00:00:02.000Z'),
    ]);
    const trace = await readTrace(id);
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0].children).toEqual([
      expect.objectContaining({
        span_id: 'llm',
        name: 'third',
        input_tokens: 9,
        cost_usd: 3,
        children: [expect.objectContaining({ span_id: 'tool' })],
      }),
    ]);
    expect(trace.totals).toEqual({ span_count: 3, input_tokens: 9, output_tokens: 0, cost_usd: 3 });

    const { usageWhenScored } = await import('#shared/submissions/usage-fill.ts');
    type Scored = Parameters<typeof usageWhenScored>[0];
    expect(await usageWhenScored({ tenantId: tenant, submissionId: id, usage: null } as Scored)).toEqual({
      usage: { input_tokens: 9, cost_usd: 3, duration_ms: 4000 },
      usage_from_traces: true,
    });
  });

  it('reads spans stored one item each by stacks deployed before, older than any append', async () => {
    const id = await newSubmission();
    const [{ putAll }, { keys }] = await Promise.all([import('#shared/store/batch-write.ts'), import('#shared/store/keys.ts')]);
    const legacy = (spanId: string, parent: string | null, second: number, extra: Record<string, unknown> = {}) => ({
      ...keys.legacySpan(tenant, id, spanId),
      type: 'span',
      tenant_id: tenant,
      submission_id: id,
      span_id: spanId,
      parent_span_id: parent,
      name: `old ${spanId}`,
      kind: 'tool',
      started_at: `2026-01-01T00:00:0${second}.000Z`,
      ended_at: null,
      status: 'ok',
      attributes_json: JSON.stringify({ from: 'before' }),
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      updated_at: '2026-01-01T00:00:00.000Z',
      ...extra,
    });
    await putAll([legacy('root', null, 0, { kind: 'agent' }), legacy('a', 'root', 1, { input_tokens: 3, cost_usd: 0.5 }), legacy('b', 'root', 2)]);
    // A newer append replaces b and adds c.
    await append(id, [span('b', 'root', '2026-01-01T00:00:02.000Z', { name: 'new b', cost_usd: 0.25 }), span('c', 'b', '2026-01-01T00:00:03.000Z')]);

    const trace = await readTrace(id);
    expect(trace.spans).toEqual([
      expect.objectContaining({
        span_id: 'root',
        kind: 'agent',
        attributes: { from: 'before' },
        children: [
          expect.objectContaining({ span_id: 'a', name: 'old a', input_tokens: 3, cost_usd: 0.5, ended_at: null, children: [] }),
          expect.objectContaining({ span_id: 'b', name: 'new b', attributes: {}, children: [expect.objectContaining({ span_id: 'c' })] }),
        ],
      }),
    ]);
    expect(trace.totals).toEqual({ span_count: 4, input_tokens: 3, output_tokens: 0, cost_usd: 0.75 });
    const { usageWhenScored } = await import('#shared/submissions/usage-fill.ts');
    type Scored = Parameters<typeof usageWhenScored>[0];
    expect((await usageWhenScored({ tenantId: tenant, submissionId: id, usage: null } as Scored)).usage).toEqual({ input_tokens: 3, cost_usd: 0.75 });
  });

  it('splits an append too large for one item into parts, every span read back', async () => {
    const id = await newSubmission();
    const { putSpans } = await import('#shared/store/traces.ts');
    const { spanFromInput } = await import('#shared/traces/span.ts');
    // 100 spans with the largest attributes a span may carry, barely compressible: ~1.7 MB, more than
    // a request body holds by default, so stored straight through the store.
    const spans = Array.from({ length: 100 }, (_, i) =>
      spanFromInput({
        span_id: `big-${String(i).padStart(3, '0')}`,
        name: 'big',
        kind: 'tool',
        started_at: `2026-01-01T00:01:${String(i % 60).padStart(2, '0')}.000Z`,
        status: 'ok',
        attributes: { blob: randomBytes(12_270).toString('base64') },
        input_tokens: 1,
      }),
    );
    await putSpans(tenant, id, 'app_00000000000000000000000000', spans, '2026-01-01T00:02:00.000Z');
    const items = await traceItems(id);
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.map((item) => item.sk)).toEqual(items.map((_, part) => `SPANS#app_00000000000000000000000000#${String(part).padStart(3, '0')}`));
    expect(items.reduce((n, item) => n + item.spanCount!, 0)).toBe(100);
    const trace = await readTrace(id);
    expect(trace.truncated).toBe(false);
    expect(trace.totals.span_count).toBe(100);
    expect(trace.spans.map((s: { attributes: { blob: string } }) => s.attributes.blob).sort()).toEqual(spans.map((s) => s.attributes.blob).sort());
  });

  it('cuts a trace over 5,000 spans, leaving out the earliest appended', async () => {
    const id = await newSubmission();
    const { putSpans } = await import('#shared/store/traces.ts');
    const { spanFromInput } = await import('#shared/traces/span.ts');
    const spans = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        spanFromInput({ span_id: `${prefix}-${i}`, name: prefix, kind: 'tool', started_at: '2026-01-01T00:00:00Z', status: 'ok', input_tokens: 1 }),
      );
    await putSpans(tenant, id, 'app_00000000010000000000000000', spans('early', 1), '2026-01-01T00:00:01.000Z');
    await putSpans(tenant, id, 'app_00000000020000000000000000', spans('late', 4999), '2026-01-01T00:00:02.000Z');
    const whole = await readTrace(id);
    expect(whole.truncated).toBe(false);
    expect(whole.totals.span_count).toBe(5000);
    // … past 5,000 (a limit counted in spans, not in versions: late-0 again is not a new span).
    await putSpans(tenant, id, 'app_00000000030000000000000000', spans('late', 1), '2026-01-01T00:00:03.000Z');
    expect((await readTrace(id)).truncated).toBe(false);
    await putSpans(tenant, id, 'app_00000000040000000000000000', spans('later', 1), '2026-01-01T00:00:04.000Z');
    const cut = await readTrace(id);
    expect(cut.truncated).toBe(true);
    expect(cut.totals.span_count).toBe(5000);
    expect(new Set(cut.spans.map((s: { name: string }) => s.name))).toEqual(new Set(['later', 'late']));
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
