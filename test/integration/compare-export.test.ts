// Comparing two agents and exporting submissions, on the twin with real HTTP clients: the compare
// answer is the hand-computed one and can be recomputed from what the API shows; swapping a and b
// negates it; refusals are 400/404 with a clear message. The export answers CSV (RFC 4180) and JSON
// Lines, an agent only its own rows, and pages with Link: rel="next" when a part is full (the twin's
// EXPORT_PART_BYTES is small here so that one row fills one).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import { comparePaired } from '#shared/comparison/paired.ts';
import { callApi, type Json, until } from '../support/twin-api.ts';

let twin: Twin;
const TENANT = 'cmpx';
const PART_BYTES = 400;

beforeAll(async () => {
  twin = await startTwin({
    wiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-compare-export-')),
    onLog: () => undefined,
    settings: { EXPORT_PART_BYTES: String(PART_BYTES) },
  });
}, 180_000);
afterAll(() => twin?.stop());

const token = (role: string, tenant = TENANT) => twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` });
const api = (method: string, path: string, credential: string, body?: unknown) => callApi(twin.httpUrl, method, path, credential, body);

/** RFC 4180 records (quoted fields, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  expect(field, 'the body ends with CRLF').toBe('');
  return records;
}

const task = (id: string) => ({ task_id: id, input: id, expected: 'x', scorer: { type: 'exact' } });
const answersFor = (right: string[]) => ['t1', 't2', 't3', 't4'].map((id) => ({ task_id: id, output: right.includes(id) ? 'x' : 'no' }));

let benchmarkId: string;
const agents: Record<'solver' | 'rival' | 'idle', { agent_id: string; api_key: string }> = {} as never;
const submissions: { id: string; agent: 'solver' | 'rival' }[] = [];

describe('compare and export', () => {
  beforeAll(async () => {
    const bench = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Compared',
      tasks: ['t1', 't2', 't3', 't4'].map(task),
      daily_submission_limit: 10,
    });
    expect(bench.status).toBe(201);
    benchmarkId = bench.json.benchmark_id;
    for (const [key, name] of [
      ['solver', 'Solver, "the" first'],
      ['rival', 'Rival'],
      ['idle', 'Idle'],
    ] as const) {
      const created = await api('POST', '/v1/agents', token('maintainer'), { name });
      expect(created.status).toBe(201);
      agents[key] = created.json;
    }
    // solver: t1–t3 right (0.75); rival: t1 right (0.25); then the solver once more, worse (best rule keeps 0.75).
    for (const [agent, right] of [
      ['solver', ['t1', 't2', 't3']],
      ['rival', ['t1']],
      ['solver', ['t2']],
    ] as const) {
      const sent = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agents[agent].api_key, { answers: answersFor([...right]) });
      expect(sent.status).toBe(202);
      submissions.push({ id: sent.json.submission_id, agent });
    }
    for (const { id } of submissions)
      await until(async () => ((await api('GET', `/v1/submissions/${id}`, token('viewer'))).json.status === 'scored' ? true : undefined));
    await until(async () => {
      const board = await api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard`, token('viewer'));
      return board.json.items.length === 2 ? true : undefined;
    });
  }, 120_000);

  const compare = (a: string, b: string, credential = token('viewer'), extra = '') =>
    api('GET', `/v1/benchmarks/${benchmarkId}/compare?a=${a}&b=${b}${extra}`, credential);

  it('compares the two entries: the hand-computed difference, counts and exact p-value, recomputable from the ids', async () => {
    const res = await compare(agents.solver.agent_id, agents.rival.agent_id);
    expect(res.status, res.text).toBe(200);
    // Per task (t1…t4) solver − rival = 0, 1, 1, 0: mean 0.5. Sign flips: ±1 ±1 (each with the zeros' 4 signs)
    // reach |2| / 4 in 2 of 4 cases, so p = 8/16 = 0.5.
    expect(res.json).toMatchObject({
      benchmark_id: benchmarkId,
      version: 1,
      a: { agent_id: agents.solver.agent_id, submission_id: submissions[0]!.id, score: 0.75 },
      b: { agent_id: agents.rival.agent_id, submission_id: submissions[1]!.id, score: 0.25 },
      tasks_compared: 4,
      mean_difference: 0.5,
      p_value: 0.5,
      a_better: 2,
      b_better: 0,
      ties: 2,
    });
    const recomputed = comparePaired(
      submissions[0]!.id,
      submissions[1]!.id,
      ['t1', 't2', 't3', 't4'].map((taskId, i) => ({ taskId, weight: 1, a: i < 3 ? 1 : 0, b: i === 0 ? 1 : 0 })),
    );
    expect(res.json.confidence_interval).toEqual({ ...recomputed.confidenceInterval });
    expect(res.json.confidence_interval.low).toBeLessThanOrEqual(0.5);
    expect(res.json.confidence_interval.high).toBeGreaterThanOrEqual(0.5);
  });

  it('swapping a and b negates the difference and the interval and keeps the p-value; an agent may compare too', async () => {
    const forward = (await compare(agents.solver.agent_id, agents.rival.agent_id)).json;
    const swapped = await compare(agents.rival.agent_id, agents.solver.agent_id, agents.idle.api_key, '&version=1');
    expect(swapped.status, swapped.text).toBe(200);
    expect(swapped.json).toMatchObject({
      mean_difference: -0.5,
      confidence_interval: { low: -forward.confidence_interval.high || 0, high: -forward.confidence_interval.low || 0, method: 'paired_bootstrap' },
      p_value: forward.p_value,
      a_better: 0,
      b_better: 2,
      ties: 2,
    });
  });

  it('refuses a = b and malformed ids (400), an agent without an entry and another tenant (404)', async () => {
    const same = await compare(agents.solver.agent_id, agents.solver.agent_id);
    expect([same.status, same.json.error.code, same.json.error.message]).toEqual([400, 'validation_failed', 'a and b must be two different agents']);
    const malformed = await compare('robot', agents.rival.agent_id);
    expect([malformed.status, malformed.json.error.details[0].path]).toEqual([400, 'a']);
    const missing = await api('GET', `/v1/benchmarks/${benchmarkId}/compare?a=${agents.solver.agent_id}`, token('viewer'));
    expect(missing.status).toBe(400);
    const idle = await compare(agents.solver.agent_id, agents.idle.agent_id);
    expect([idle.status, idle.json.error.message]).toEqual([
      404,
      `Agent ${agents.idle.agent_id} has no leaderboard entry on version 1 of this benchmark`,
    ]);
    const otherVersion = await compare(agents.solver.agent_id, agents.rival.agent_id, token('viewer'), '&version=2');
    expect(otherVersion.status).toBe(404);
    expect((await compare(agents.solver.agent_id, agents.rival.agent_id, token('viewer', 'elsewhere'))).status).toBe(404);
  });

  const exportPath = (query: string) => `/v1/benchmarks/${benchmarkId}/submissions/export?${query}`;

  /** Every part of an export, following Link: rel="next". */
  async function exportAll(query: string, credential: string) {
    const parts: { text: string; contentType: string | null }[] = [];
    let path: string | undefined = exportPath(query);
    while (path) {
      const res = await api('GET', path, credential);
      expect(res.status, res.text).toBe(200);
      parts.push({ text: res.text, contentType: res.headers.get('content-type') });
      path = res.headers.get('link')?.match(/^<([^>]+)>; rel="next"$/)?.[1];
    }
    return parts;
  }

  it('exports every submission as RFC 4180 CSV, newest first, in parts linked by rel="next"', async () => {
    const parts = await exportAll('format=csv', token('viewer'));
    // 400 bytes: the header (~145) and one row (~170) fit, a second row does not: three parts.
    expect(parts.length).toBe(3);
    const rows = parts.flatMap((part) => {
      expect(part.contentType).toBe('text/csv; charset=utf-8');
      const [header, ...records] = parseCsv(part.text);
      expect(header!.join(',')).toBe(
        'submission_id,agent_id,agent_name,version,status,score,public_score,ci_low,ci_high,cost_usd,input_tokens,output_tokens,created_at,scored_at',
      );
      return records.map((record) => Object.fromEntries(header!.map((column, i) => [column, record[i]])));
    });
    expect(rows.map((row) => row.submission_id)).toEqual(submissions.map((s) => s.id).reverse());
    const first = rows.at(-1)!;
    const stored = (await api('GET', `/v1/submissions/${first.submission_id}`, token('viewer'))).json as Json;
    expect(first).toEqual({
      submission_id: stored.submission_id,
      agent_id: agents.solver.agent_id,
      agent_name: 'Solver, "the" first',
      version: '1',
      status: 'scored',
      score: '0.75',
      public_score: '0.75',
      ci_low: String(stored.confidence_interval.low),
      ci_high: String(stored.confidence_interval.high),
      cost_usd: '',
      input_tokens: '',
      output_tokens: '',
      created_at: stored.created_at,
      scored_at: stored.transitions.at(-1).at,
    });
  });

  it('exports JSON Lines; an agent gets only its own submissions; ?version= filters', async () => {
    const parts = await exportAll('format=jsonl', agents.solver.api_key);
    const lines = parts.flatMap((part) => {
      expect(part.contentType).toBe('application/x-ndjson; charset=utf-8');
      return part.text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    });
    expect(lines.map((line) => line.submission_id)).toEqual([submissions[2]!.id, submissions[0]!.id]);
    expect(lines[0]).toMatchObject({
      agent_name: 'Solver, "the" first',
      version: 1,
      status: 'scored',
      score: 0.25,
      cost_usd: null,
      input_tokens: null,
    });
    const none = await api('GET', exportPath('format=csv&version=2'), token('viewer'));
    expect([none.status, parseCsv(none.text).length, none.headers.get('link')]).toEqual([200, 1, null]);
  });

  it('refuses an unknown format and a foreign cursor (400), another tenant’s benchmark (404)', async () => {
    expect((await api('GET', exportPath('format=xml'), token('viewer'))).status).toBe(400);
    const foreign = Buffer.from(JSON.stringify({ PK: 'x', SK: 'y', GSI1PK: 'TENANT#other#BENCH#b#SUBS', GSI1SK: 'z' })).toString('base64url');
    const cursor = await api('GET', exportPath(`format=csv&cursor=${foreign}`), token('viewer'));
    expect([cursor.status, cursor.json.error.code]).toEqual([400, 'validation_failed']);
    expect((await api('GET', exportPath('format=csv'), token('viewer', 'elsewhere'))).status).toBe(404);
  });
});
