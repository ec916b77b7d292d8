// Exporting and comparing on the twin (in this process): 10,000 scored submissions of one benchmark
// are written straight to the twin's table (as the scoring worker leaves them: 5 answers and 5 task
// results each, from 20 agents), then GET …/submissions/export is read in full as CSV and as JSON
// Lines, following Link: rel="next", timing each part against the route's 29 s limit. Also times
// GET …/compare of two entries and, in this process, the comparison's statistics for 500 tasks
// (bootstrap B = 2,000 and 10,000 sign-flip rounds).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startTwin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import { comparePaired } from '#shared/comparison/paired.ts';
import { newId } from '#shared/ids.ts';
import { exportsRoutes } from '#shared/routes/exports.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';
import { keys } from '#shared/store/keys.ts';

export const EXPORT_BENCH_DEFAULTS = { submissions: 10_000, agents: 20, tasks: 5 };

const TENANT = 'bench-export';

export interface ExportFormatResult {
  parts: number;
  rows: number;
  bytes: number;
  totalMs: number;
  /** The slowest part (one HTTP answer). */
  maxPartMs: number;
}

export interface ExportBenchResult {
  submissions: number;
  seedMs: number;
  csv: ExportFormatResult;
  jsonl: ExportFormatResult;
  /** The route's time limit (its function's timeout). */
  routeTimeoutSeconds: number;
  compareHttpMs: number;
  /** comparePaired over 500 tasks in this process (Monte Carlo path). */
  comparePure500Ms: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Calls the twin's HTTP API; a status of 300 or more throws with the body. */
type Call = (pathAndQuery: string, credential: string, method?: string, body?: unknown) => Promise<{ text: string; link: string | null }>;

const caller =
  (baseUrl: string): Call =>
  async (pathAndQuery, credential, method = 'GET', body) => {
    const res = await fetch(`${baseUrl}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${pathAndQuery}: ${res.status} ${text.slice(0, 300)}`);
    return { text, link: res.headers.get('link') };
  };

type Task = { task_id: string };

/** A scored submission's item, as the scoring worker leaves it. */
function scoredItem(benchmarkId: string, agentId: string, tasks: Task[], createdMs: number, random: () => number) {
  const id = newId('sub', createdMs);
  const at = new Date(createdMs).toISOString();
  const results = tasks.map((task) => ({ task_id: task.task_id, score: random() < 0.6 ? 1 : 0, weight: 1, answered: true }));
  const score = results.reduce((sum, r) => sum + r.score, 0) / results.length;
  return {
    ...keys.submission(TENANT, id),
    ...keys.submissionsOfBenchmark(TENANT, benchmarkId),
    GSI1SK: `${at}#${id}`,
    type: 'submission',
    submission_id: id,
    tenant_id: TENANT,
    benchmark_id: benchmarkId,
    agent_id: agentId,
    version: 1,
    status: 'scored',
    answers: tasks.map((task) => ({ task_id: task.task_id, output: 'x' })),
    score,
    confidence_interval: { level: 0.95, low: Math.max(0, score - 0.4), high: Math.min(1, score + 0.4), method: 'bootstrap' },
    stderr: 0.2,
    results,
    transitions: ['queued', 'scoring', 'scored'].map((status) => ({ status, at })),
    quota_day: at.slice(0, 10),
    created_at: at,
    updated_at: at,
  };
}

/** Writes `count` scored submissions, 25 per BatchWriteItem, 8 at a time. */
async function seedSubmissions(tableName: string, benchmarkId: string, agentIds: string[], tasks: Task[], count: number) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const random = mulberry32(6);
  const started = Date.parse('2026-12-01T00:00:00.000Z');
  const items = Array.from({ length: count }, (_, i) => scoredItem(benchmarkId, agentIds[i % agentIds.length]!, tasks, started + i * 1000, random));
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
          requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      }
    }),
  );
}

/** Every part of the export, following Link: rel="next", timed. */
async function readExport(call: Call, credential: string, benchmarkId: string, format: 'csv' | 'jsonl'): Promise<ExportFormatResult> {
  let next: string | undefined = `/v1/benchmarks/${benchmarkId}/submissions/export?format=${format}`;
  const result = { parts: 0, rows: 0, bytes: 0, totalMs: 0, maxPartMs: 0 };
  while (next) {
    const partStarted = performance.now();
    const { text, link } = await call(next, credential);
    const ms = performance.now() - partStarted;
    result.parts++;
    result.bytes += Buffer.byteLength(text);
    result.rows += text.split('\n').filter(Boolean).length - (format === 'csv' ? 1 : 0);
    result.totalMs += ms;
    result.maxPartMs = Math.max(result.maxPartMs, ms);
    next = link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
  }
  return { ...result, totalMs: round1(result.totalMs), maxPartMs: round1(result.maxPartMs) };
}

/** Two agents submit through the API; once both are on the board, the median of 10 GET …/compare. */
async function timeCompare(call: Call, maintainer: string, viewer: string, benchmarkId: string, tasks: Task[]): Promise<number> {
  const compared: { agent_id: string; api_key: string }[] = [];
  for (const name of ['compare-a', 'compare-b']) compared.push(JSON.parse((await call('/v1/agents', maintainer, 'POST', { name })).text));
  for (const [i, agent] of compared.entries()) {
    const answers = tasks.map((task, t) => ({ task_id: task.task_id, output: t <= i + 2 ? 'x' : 'no' }));
    await call(`/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, 'POST', { answers });
  }
  const comparePath = `/v1/benchmarks/${benchmarkId}/compare?a=${compared[0]!.agent_id}&b=${compared[1]!.agent_id}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await call(comparePath, viewer).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error('compare never answered 200');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await call(comparePath, viewer);
    times.push(performance.now() - t);
  }
  return round1(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
}

/** comparePaired over 500 tasks (the Monte Carlo path), mean of 5 runs after a warm-up. */
function timePureCompare(): number {
  const random = mulberry32(9);
  const tasks = Array.from({ length: 500 }, (_, i) => ({
    taskId: `t${i}`,
    weight: 1 + (i % 3),
    a: random() < 0.6 ? 1 : 0,
    b: random() < 0.5 ? 1 : 0,
  }));
  comparePaired('sub_a', 'sub_b', tasks);
  const started = performance.now();
  for (let i = 0; i < 5; i++) comparePaired(`sub_a${i}`, 'sub_b', tasks);
  return round1((performance.now() - started) / 5);
}

export async function measureExport(
  options = EXPORT_BENCH_DEFAULTS,
  onProgress: (line: string) => void = () => undefined,
): Promise<ExportBenchResult> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-export-'));
  const twin = await startTwin({ wiring, stateDir, onLog: () => undefined });
  try {
    const token = (role: string) => twin.issuer.mint({ tenant: TENANT, roles: [role], sub: `${TENANT}-${role}` });
    const call = caller(twin.httpUrl);
    const [maintainer, viewer] = [token('maintainer'), token('viewer')];
    const tasks = Array.from({ length: options.tasks }, (_, i) => ({ task_id: `t${i}`, input: i, expected: 'x', scorer: { type: 'exact' } }));
    const benchmarkId = JSON.parse((await call('/v1/benchmarks', maintainer, 'POST', { name: 'Export bench', tasks })).text).benchmark_id;
    const agentIds: string[] = [];
    for (let i = 0; i < options.agents; i++)
      agentIds.push(JSON.parse((await call('/v1/agents', maintainer, 'POST', { name: `Agent ${i}, "bench"` })).text).agent_id);

    onProgress(`export: writing ${options.submissions} scored submissions to the twin's table…`);
    const seedStarted = performance.now();
    await seedSubmissions(twin.engines.tableName, benchmarkId, agentIds, tasks, options.submissions);
    const seedMs = Math.round(performance.now() - seedStarted);

    onProgress('export: reading every part as CSV, then as JSON Lines…');
    const csv = await readExport(call, viewer, benchmarkId, 'csv');
    const jsonl = await readExport(call, viewer, benchmarkId, 'jsonl');
    if (csv.rows !== options.submissions || jsonl.rows !== options.submissions)
      throw new Error(`export rows: csv ${csv.rows}, jsonl ${jsonl.rows}, expected ${options.submissions}`);

    return {
      submissions: options.submissions,
      seedMs,
      csv,
      jsonl,
      routeTimeoutSeconds: exportsRoutes['GET /v1/benchmarks/{benchmark_id}/submissions/export'].function.timeoutSeconds,
      compareHttpMs: await timeCompare(call, maintainer, viewer, benchmarkId, tasks),
      comparePure500Ms: timePureCompare(),
    };
  } finally {
    await twin.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export function formatExport(result: ExportBenchResult): string {
  const line = (name: string, f: ExportFormatResult) =>
    `  ${name}: ${f.rows} rows, ${(f.bytes / 1e6).toFixed(2)} MB in ${f.parts} part(s), ${f.totalMs} ms in all, slowest part ${f.maxPartMs} ms (route limit ${result.routeTimeoutSeconds} s)`;
  return [
    `Export of ${result.submissions} submissions on the twin (GET …/submissions/export, every part)`,
    line('CSV', result.csv),
    line('JSON Lines', result.jsonl),
    `Compare: GET …/compare median ${result.compareHttpMs} ms on the twin; the statistics for 500 tasks ${result.comparePure500Ms} ms in this process`,
  ].join('\n');
}
