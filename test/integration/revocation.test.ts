// Revocation as a maintainer meets it on the twin, inside the gateway's authorizer cache window
// (60 s, as deployed): the revoked agent's key still passes the gateway, yet every write it makes
// — a submission, a cancel, trace spans, log lines, an integration event — is refused with 409
// "agent revoked", nothing new reaches the leaderboard, and reads still answer until the cache ends.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tenantTwin } from '../support/tenant-twin.ts';
import { until, type Json } from '../support/twin-api.ts';

const TENANT = 'revocation';
// This process's twin, shared with the other tenant files (test/support/tenant-twin.ts).
const on = tenantTwin(TENANT);
const { token, api } = on;
const newAgent = async (name: string) =>
  (await api('POST', '/v1/agents', token('maintainer'), { name })).json as { agent_id: string; api_key: string };
const settled = (id: string) =>
  until(async () => {
    const { json } = await api('GET', `/v1/submissions/${id}`, token('viewer'));
    return json.status === 'scored' || json.status === 'failed' ? json : undefined;
  });
const revoke = async (agentId: string) => expect((await api('DELETE', `/v1/agents/${agentId}`, token('maintainer'))).status).toBe(204);

const tasks = [
  { task_id: 'a', input: 'Say a', expected: 'a', scorer: { type: 'exact' } },
  { task_id: 'b', input: 'Say b', expected: 'b', scorer: { type: 'exact' } },
];
const half = [
  { task_id: 'a', output: 'a' },
  { task_id: 'b', output: 'wrong' },
];
const perfect = [
  { task_id: 'a', output: 'a' },
  { task_id: 'b', output: 'b' },
];

async function newBenchmark(name: string): Promise<string> {
  const res = await api('POST', '/v1/benchmarks', token('maintainer'), { name, tasks });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.benchmark_id;
}

/** The HTTP status a WebSocket upgrade with this key gets (101 when it opens). */
const connectStatus = (key: string) =>
  new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${on.twin.wsUrl}?token=${key}`);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    socket.once('error', reject);
  });

const refusedAsRevoked = (res: { status: number; json: Json }) => {
  expect(res.status, JSON.stringify(res.json)).toBe(409);
  expect(res.json.error).toMatchObject({ code: 'conflict', message: 'agent revoked' });
};

describe('a revoked agent whose key the authorizer still caches', () => {
  it('submits nothing: 409, no new submission, the leaderboard unchanged; reads still answer', async () => {
    const benchmarkId = await newBenchmark('Revoked submitter');
    const agent = await newAgent('leaving');
    const first = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers: half });
    expect(first.status).toBe(202);
    expect(await settled(first.json.submission_id)).toMatchObject({ status: 'scored', score: 0.5 });
    const before = (await api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard`, token('viewer'))).json;
    expect(before.items).toEqual([expect.objectContaining({ agent_id: agent.agent_id, score: 0.5 })]);

    await revoke(agent.agent_id);
    refusedAsRevoked(await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers: perfect }));

    // Nothing was stored: the agent's submissions are still the one, and the leaderboard is as it was.
    const listed = await api('GET', `/v1/benchmarks/${benchmarkId}/submissions?agent_id=${agent.agent_id}`, token('viewer'));
    expect(listed.json.items.map((s: Json) => s.submission_id)).toEqual([first.json.submission_id]);
    expect((await api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard`, token('viewer'))).json).toEqual(before);
    // The cached key still reads (the README's "Revocation and the authorizer cache"), but opens no
    // WebSocket: $connect is authorised every time, uncached.
    expect((await api('GET', `/v1/submissions/${first.json.submission_id}`, agent.api_key)).status).toBe(200);
    expect(await connectStatus(agent.api_key)).toBe(403);
  });

  it('appends no trace spans or log lines, cancels nothing and sends no integration event', async () => {
    const benchmarkId = await newBenchmark('Revoked tracer');
    const agent = await newAgent('tracer');
    const submission = (await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers: perfect })).json;
    const traces = `/v1/submissions/${submission.submission_id}/traces`;
    const logs = `/v1/submissions/${submission.submission_id}/logs`;
    const span = { span_id: 'run', parent_span_id: null, name: 'run', kind: 'agent', started_at: '2026-03-01T10:00:00Z', status: 'ok' };
    const line = { ts: '2026-03-01T10:00:00Z', level: 'info', message: 'before the revoke' };
    expect((await api('POST', traces, agent.api_key, { spans: [span] })).status).toBe(200);
    expect((await api('POST', logs, agent.api_key, { lines: [line] })).status).toBe(200);
    const event = { source: 'solver', event_type: 'solver.note', severity: 'info', message: 'a note' };
    expect((await api('POST', '/v1/integrations/events', agent.api_key, event)).status).toBe(202);

    await revoke(agent.agent_id);
    refusedAsRevoked(await api('POST', traces, agent.api_key, { spans: [{ ...span, span_id: 'after' }] }));
    refusedAsRevoked(await api('POST', logs, agent.api_key, { lines: [{ ...line, message: 'after the revoke' }] }));
    refusedAsRevoked(await api('POST', `/v1/submissions/${submission.submission_id}/cancel`, agent.api_key));
    refusedAsRevoked(await api('POST', '/v1/integrations/events', agent.api_key, { ...event, message: 'after the revoke' }));

    const trace = (await api('GET', traces, token('viewer'))).json;
    expect(trace.spans.map((s: Json) => s.span_id)).toEqual(['run']);
    const logPage = (await api('GET', logs, token('viewer'))).json;
    expect(logPage.items.map((l: Json) => l.message)).toEqual(['before the revoke']);
  });

  it('keeps a submission accepted before the revoke: it is scored and ranked like the agent’s earlier ones', async () => {
    const benchmarkId = await newBenchmark('Accepted before');
    const agent = await newAgent('early');
    const accepted = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers: perfect });
    expect(accepted.status).toBe(202);
    await revoke(agent.agent_id);
    expect(await settled(accepted.json.submission_id)).toMatchObject({ status: 'scored', score: 1 });
    const board = (await api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard`, token('viewer'))).json;
    expect(board.items).toEqual([expect.objectContaining({ agent_id: agent.agent_id, score: 1 })]);
  });
});
