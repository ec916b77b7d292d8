// Traces and logs as an agent and a dashboard meet them on the twin: an agent appends spans and
// log lines to its own submission; viewers read the span tree and page through the log; nobody
// else appends, and nobody outside the tenant (or another agent) even sees the submission.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Twin } from '#infra/local/twin.ts';

let twin: Twin;
const logs: string[] = [];
let submissionId = '';
let agentKey = '';
let otherAgentKey = '';
let otherTenantAgentKey = '';

const token = (tenant: string, role: string, sub = `${tenant}-${role}`) => twin.issuer.mint({ tenant, roles: [role], sub });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
async function api(
  method: string,
  path: string,
  credential: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${twin.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const at = (second: number, fraction = '') => `2026-03-01T10:00:${String(second).padStart(2, '0')}${fraction}Z`;
const span = (span_id: string, parent_span_id: string | null, second: number, extra: Record<string, unknown> = {}) => ({
  span_id,
  parent_span_id,
  name: span_id,
  kind: 'tool',
  started_at: at(second),
  status: 'ok',
  ...extra,
});
const traces = () => `/v1/submissions/${submissionId}/traces`;
const logsOf = () => `/v1/submissions/${submissionId}/logs`;

beforeAll(async () => {
  twin = await startTwin({ stateDir: mkdtempSync(join(tmpdir(), 'scorecast-traces-')), onLog: (_fn, line) => logs.push(line) });
  const maintainer = token('acme', 'maintainer');
  const benchmark = await api('POST', '/v1/benchmarks', maintainer, {
    name: 'traced',
    tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  });
  expect(benchmark.status, JSON.stringify(benchmark.json)).toBe(201);
  agentKey = (await api('POST', '/v1/agents', maintainer, { name: 'solver' })).json.api_key;
  otherAgentKey = (await api('POST', '/v1/agents', maintainer, { name: 'neighbour' })).json.api_key;
  otherTenantAgentKey = (await api('POST', '/v1/agents', token('globex', 'maintainer'), { name: 'stranger' })).json.api_key;
  const submission = await api('POST', `/v1/benchmarks/${benchmark.json.benchmark_id}/submissions`, agentKey, {
    answers: [{ task_id: 't1', output: 'a' }],
  });
  expect(submission.status, JSON.stringify(submission.json)).toBe(202);
  submissionId = submission.json.submission_id;
});
afterAll(() => twin?.stop());

/** The tree as nested ids, the shape a dashboard draws. */
type Shape = [string, Shape[]];
const shape = (nodes: { span_id: string; children: unknown[] }[]): Shape[] =>
  nodes.map((node) => [node.span_id, shape(node.children as { span_id: string; children: unknown[] }[])]);

describe('traces', () => {
  it('takes a flat list of spans and reads back a tree: children nested, unknown parents as roots, totals', async () => {
    const posted = await api('POST', traces(), agentKey, {
      spans: [
        span('search', 'plan', 3, { ended_at: at(4), status: 'error', attributes: { query: 'capital of France', hits: 0 } }),
        span('run', null, 1, { kind: 'agent', ended_at: at(9) }),
        span('late-child', 'not-sent-yet', 2),
        span('plan', 'run', 2, { kind: 'llm', input_tokens: 800, output_tokens: 120, cost_usd: 0.1 }),
        span('answer', 'run', 8, { kind: 'llm', input_tokens: 200, output_tokens: 30, cost_usd: 0.2 }),
        span('lookup', 'plan', 2, { kind: 'retrieval' }),
      ],
    });
    expect(posted).toEqual({ status: 200, json: { accepted: 6 } });

    const read = await api('GET', traces(), token('acme', 'viewer'));
    expect(read.status).toBe(200);
    expect(read.json.submission_id).toBe(submissionId);
    expect(shape(read.json.spans)).toEqual([
      [
        'run',
        [
          [
            'plan',
            [
              ['lookup', []],
              ['search', []],
            ],
          ],
          ['answer', []],
        ],
      ],
      ['late-child', []],
    ]);
    expect(read.json.spans[1].parent_span_id).toBe('not-sent-yet');
    expect(read.json.spans[0].children[0].children[1]).toEqual({
      span_id: 'search',
      parent_span_id: 'plan',
      name: 'search',
      kind: 'tool',
      started_at: at(3),
      ended_at: at(4),
      status: 'error',
      attributes: { query: 'capital of France', hits: 0 },
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      children: [],
    });
    expect(read.json.totals).toEqual({ span_count: 6, input_tokens: 1000, output_tokens: 150, cost_usd: 0.3 });
    expect(read.json.truncated).toBe(false);

    // The agent reads its own trace too.
    expect((await api('GET', traces(), agentKey)).json.totals.span_count).toBe(6);
  });

  it('replaces a span posted again with the same span_id, and adopts orphans once their parent arrives', async () => {
    const again = await api('POST', traces(), agentKey, {
      spans: [
        span('answer', 'run', 8, { kind: 'llm', name: 'final answer', input_tokens: 250, output_tokens: 40, cost_usd: 0.25 }),
        span('not-sent-yet', 'run', 5),
      ],
    });
    expect(again.json).toEqual({ accepted: 2 });
    const read = (await api('GET', traces(), token('acme', 'viewer'))).json;
    expect(shape(read.spans)).toEqual([
      [
        'run',
        [
          [
            'plan',
            [
              ['lookup', []],
              ['search', []],
            ],
          ],
          ['not-sent-yet', [['late-child', []]]],
          ['answer', []],
        ],
      ],
    ]);
    expect(read.spans[0].children[2]).toMatchObject({ name: 'final answer', input_tokens: 250 });
    expect(read.totals).toEqual({ span_count: 7, input_tokens: 1050, output_tokens: 160, cost_usd: 0.35 });
  });

  it('reads the same after a batch is sent again (a client retrying without an answer): nothing doubles', async () => {
    const before = (await api('GET', traces(), token('acme', 'viewer'))).json;
    const batch = {
      spans: [
        span('answer', 'run', 8, { kind: 'llm', name: 'final answer', input_tokens: 250, output_tokens: 40, cost_usd: 0.25 }),
        span('not-sent-yet', 'run', 5),
      ],
    };
    for (let attempt = 0; attempt < 2; attempt++) expect((await api('POST', traces(), agentKey, batch)).json).toEqual({ accepted: 2 });
    expect((await api('GET', traces(), token('acme', 'viewer'))).json).toEqual(before);
  });

  it('refuses bad batches with 400: too many spans, repeated or malformed span ids, ends before starts', async () => {
    const tooMany = await api('POST', traces(), agentKey, { spans: Array.from({ length: 501 }, (_, i) => span(`s${i}`, null, 1)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe('validation_failed');
    const repeated = await api('POST', traces(), agentKey, { spans: [span('x', null, 1), span('x', null, 2)] });
    expect(repeated.status).toBe(400);
    expect(repeated.json.error.details).toEqual({ duplicate_span_ids: ['x'] });
    for (const bad of [
      span('has space', null, 1),
      span('y'.repeat(65), null, 1),
      span('ends-early', null, 5, { ended_at: at(4) }),
      span('local-time', null, 1, { started_at: '2026-03-01T10:00:00+01:00' }),
      span('bad-kind', null, 1, { kind: 'magic' }),
      span('neg', null, 1, { input_tokens: -1 }),
    ])
      expect((await api('POST', traces(), agentKey, { spans: [bad] })).status, JSON.stringify(bad)).toBe(400);
    expect((await api('POST', traces(), agentKey, { spans: [] })).status).toBe(400);
  });
});

describe('logs', () => {
  it('pages through lines in time order with cursors, whatever order the calls sent them in', async () => {
    const first = await api('POST', logsOf(), agentKey, {
      lines: [
        { ts: at(30), level: 'info', message: 'c' },
        { ts: at(10), level: 'debug', message: 'a' },
        { ts: at(20, '.5'), level: 'info', message: 'b2' },
        { ts: at(20, '.5'), level: 'warn', message: 'b3' },
      ],
    });
    expect(first).toEqual({ status: 200, json: { accepted: 4 } });
    const second = await api('POST', logsOf(), agentKey, {
      lines: [
        { ts: at(20), level: 'info', message: 'b1' },
        { ts: at(40), level: 'error', message: 'd' },
        { ts: at(30, '.000001'), level: 'info', message: 'c2' },
      ],
    });
    expect(second.json).toEqual({ accepted: 3 });

    const seen: { ts: string; level: string; message: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api('GET', `${logsOf()}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, token('acme', 'viewer'));
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.items);
      cursor = page.json.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.map((line) => line.message)).toEqual(['a', 'b1', 'b2', 'b3', 'c', 'c2', 'd']);
    expect(seen[0]).toEqual({ ts: at(10), level: 'debug', message: 'a' });

    // The agent pages its own log; a cursor from elsewhere is refused.
    expect((await api('GET', `${logsOf()}?limit=200`, agentKey)).json.items).toHaveLength(7);
    expect((await api('GET', `${logsOf()}?cursor=not-a-cursor`, token('acme', 'viewer'))).status).toBe(400);
  });

  it('publishes each appended batch as one submission.log event on the submission channel', async () => {
    await api('POST', logsOf(), agentKey, { lines: [{ ts: at(50), level: 'info', message: 'streamed' }] });
    const published = logs.filter((line) => line.includes('submission.log'));
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(published.at(-1)).toContain(`submission:${submissionId}`);
  });

  it('honours Idempotency-Key: a retried batch is stored once', async () => {
    const before = (await api('GET', `${logsOf()}?limit=200`, agentKey)).json.items.length;
    const batch = { lines: [{ ts: at(55), level: 'info', message: 'once' }] };
    const headers = { 'idempotency-key': `retry-${submissionId}` };
    expect((await api('POST', logsOf(), agentKey, batch, headers)).json).toEqual({ accepted: 1 });
    expect((await api('POST', logsOf(), agentKey, batch, headers)).json).toEqual({ accepted: 1 });
    expect((await api('GET', `${logsOf()}?limit=200`, agentKey)).json.items).toHaveLength(before + 1);
  });

  it('refuses bad batches with 400, and a body over the route limit with 413', async () => {
    const line = (message: string) => ({ ts: at(1), level: 'info', message });
    expect((await api('POST', logsOf(), agentKey, { lines: Array.from({ length: 501 }, () => line('x')) })).status).toBe(400);
    expect((await api('POST', logsOf(), agentKey, { lines: [line('x'.repeat(8193))] })).status).toBe(400);
    expect((await api('POST', logsOf(), agentKey, { lines: [{ ...line('x'), level: 'fatal' }] })).status).toBe(400);
    expect((await api('POST', logsOf(), agentKey, { lines: [] })).status).toBe(400);

    const huge = { lines: Array.from({ length: 40 }, () => line('x'.repeat(8000))) };
    const tooLarge = await api('POST', logsOf(), agentKey, huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.error.code).toBe('payload_too_large');
    const spans = { spans: Array.from({ length: 20 }, (_, i) => span(`big${i}`, null, 1, { attributes: { blob: 'x'.repeat(16_000) } })) };
    expect((await api('POST', traces(), agentKey, spans)).status).toBe(413);
  });
});

describe('who may', () => {
  it("lets only the submission's own agent append: viewers and maintainers get 403", async () => {
    const spans = { spans: [span('v', null, 1)] };
    const lines = { lines: [{ ts: at(1), level: 'info', message: 'v' }] };
    for (const role of ['viewer', 'maintainer', 'admin']) {
      const trace = await api('POST', traces(), token('acme', role), spans);
      expect(trace.status).toBe(403);
      expect(trace.json.error.code).toBe('forbidden');
      expect((await api('POST', logsOf(), token('acme', role), lines)).status).toBe(403);
    }
  });

  it('answers 404 to another agent of the tenant and to anyone from another tenant', async () => {
    const spans = { spans: [span('intruder', null, 1)] };
    const lines = { lines: [{ ts: at(1), level: 'info', message: 'intruder' }] };
    for (const credential of [otherAgentKey, otherTenantAgentKey]) {
      expect((await api('POST', traces(), credential, spans)).status).toBe(404);
      expect((await api('POST', logsOf(), credential, lines)).status).toBe(404);
      expect((await api('GET', traces(), credential)).status).toBe(404);
      expect((await api('GET', logsOf(), credential)).status).toBe(404);
    }
    expect((await api('GET', traces(), token('globex', 'admin'))).status).toBe(404);
    expect((await api('GET', logsOf(), token('globex', 'admin'))).status).toBe(404);
    // Nothing they sent landed.
    const read = (await api('GET', traces(), token('acme', 'viewer'))).json;
    expect(JSON.stringify(read)).not.toContain('intruder');
  });

  it('audits appends as trace.append and log.append', async () => {
    const audit = async (action: string) => (await api('GET', `/v1/audit?action=${action}`, token('acme', 'admin'))).json.items;
    expect(await audit('trace.append')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'succeeded', resource: traces(), actor: expect.objectContaining({ type: 'agent' }) }),
      ]),
    );
    expect((await audit('log.append')).length).toBeGreaterThan(0);
  });
});
