// `npm run bench -- --only fanout`: WebSocket fan-out on the twin against the bare SDK floor, and
// the cloud model calibrated on the twin. bench/README.md ("3. WebSocket fan-out") explains each
// figure and the model's assumptions.
//
// 1. On a twin with the shipped settings, 100 and then 2,000 real WebSocket clients (in their own
//    worker thread) subscribe to a submission's channel through $default. Rounds alternate:
//    - ours: broadcastEvents() — what publish() does for real time: seq ADD, SendMessage — then the
//      broadcast queue, the worker (audience Query, shards back on the queue), @connections;
//    - floor: a function in the twin posting the same-sized message to the same connections with a
//      bare loop of PostToConnectionCommand through the platform's own client, at the same
//      concurrency (bench/fixtures/bare-post.ts).
//    Each client records when the round's message arrives; latency = arrival − the moment the
//    round started (publish, or the floor's invoke).
// 2. On a second twin whose @connections answers each post after `postLatencyMs` (15 ms), one
//    shard at a time is posted by the fan-out code (bench/fixtures/shard-post.ts) for a grid of
//    shard sizes and concurrencies: the model's single-invocation prediction is checked against it.
// 3. The model (bench/fanout-model.ts), fed with the per-post CPU measured in 1, gives fan-out
//    times in AWS for 2,000 and 20,000 connections against shard size and concurrency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { queueUrlVariable } from '#infra/wiring-env.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { table } from './report.ts';
import { PUBLISHED, quotaShare, sampleFanout, shardPostingMs, simulateFanout, type CloudAssumptions, type FanoutScenario } from './fanout-model.ts';

export interface FanoutOptions {
  sizes?: number[];
  /** Timed rounds per size (each runs ours and the floor once). */
  rounds?: Record<number, number>;
  /** Untimed rounds per size before the timed ones (ours and the floor once each). */
  warmupRounds?: Record<number, number>;
  postLatencyMs?: number;
  /** Setting overrides for the first twin (default: the shipped settings). */
  settings?: Record<string, string>;
  /** Skip the calibration twin and the model (quicker experiments). */
  skipModel?: boolean;
  onProgress?: (line: string) => void;
}

/**
 * Warm-up is counted in posts, not rounds: every thread on the path (the function, the gateway, the
 * clients) runs JIT-cold code for its first few thousand posts, and at 100 clients the first ~20
 * rounds are up to 2–3× slower than the steady state the goals are about (their figures are still
 * reported, as `warmup`). 20 rounds × 100 and 3 rounds × 2,000 are ~2,000 and 6,000 posts per side.
 */
export const FANOUT_DEFAULTS = {
  sizes: [100, 2000],
  rounds: { 100: 50, 2000: 8 } as Record<number, number>,
  warmupRounds: { 100: 20, 2000: 3 } as Record<number, number>,
  postLatencyMs: 15,
};

export interface LatencyStats {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface SideResult {
  /** Every client's receipt latency, over all rounds. */
  receipt: LatencyStats;
  /** Per round, the time until every client had the message. */
  allReceived: LatencyStats;
  /** Messages that never arrived (within 30 s), over all rounds. */
  missing: number;
  /** The untimed warm-up rounds: per round, the time until every client had the message. */
  warmup: LatencyStats;
}

export interface SizeResult {
  clients: number;
  rounds: number;
  ours: SideResult;
  floor: SideResult;
  /** ours ÷ floor; `paired`: the median over rounds of ours ÷ the floor run next to it (steadier when the machine's load moves). */
  ratio: { p50: number; p99: number; max: number; allReceivedMedian: number; paired: number };
  /** The floor function's CPU per post: its thread's CPU time ÷ posts (Linux; else event-loop active time), median over rounds. */
  floorCpuPerPostMs: number;
  /** Event-loop active time per post (counts time a loaded machine kept the thread waiting). */
  floorActivePerPostMs: number;
}

export interface CalibrationRow {
  shardSize: number;
  concurrency: number;
  /** Invoke → every client had it, median of the repeats. */
  measuredMs: number;
  /** The function's own time, median. */
  functionMs: number;
  /** The function's event-loop active time ÷ posts. */
  activePerPostMs: number;
  /** The model with the per-post CPU measured on the 2,000-client floor. */
  modelMs: number;
  /** The model with this row's own active time per post (what a loaded machine left the thread). */
  modelAtActiveMs: number;
}

export interface ModelRow {
  connections: number;
  shardSize: number;
  concurrency: number;
  shards: number;
  /** Every hop at its median, warm instances. */
  medianHopsMs: number;
  /** Hops drawn from the published distribution: p50 and p99 over runs (warm instances). */
  sampledP50Ms: number | null;
  sampledP99Ms: number | null;
  throttled: number;
}

export interface FanoutResult {
  settings: { shardSize: number; firstShardSize: number; concurrency: number; queueMaxConcurrency: number; workerMemoryMb: number };
  sizes: SizeResult[];
  goals: { name: string; pass: boolean; detail: string }[];
  calibration: { postLatencyMs: number; rows: CalibrationRow[] };
  model: {
    assumptions: CloudAssumptions;
    rows: ModelRow[];
    /** The shipped settings under other conditions. */
    shipped: { label: string; ms: number }[];
    /** What a tenant's channel cadence costs against the account quota. */
    quota: { subscribers: number; updatesPerSecond: number; postsPerSecond: number; shareOfQuota: number }[];
  };
  durationMs: number;
}

const BENCH_TENANT = 'fanout';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function stats(values: number[]): LatencyStats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : Number.NaN);
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN), samples: sorted.length };
}
const round = (n: number) => Math.round(n * 10) / 10;
const median = (values: number[]) => stats(values).p50;

function benchWiring(): Wiring {
  const declared = wiring as Wiring;
  const posting = { memoryMb: 1769, timeoutSeconds: 60, settings: ['BROADCAST_POST_CONCURRENCY'] };
  return {
    ...declared,
    functions: {
      ...declared.functions,
      benchBarePost: { entry: 'bench/fixtures/bare-post.ts', description: 'bench floor', uses: [{ connections: true }], ...posting },
      benchShardPost: {
        entry: 'bench/fixtures/shard-post.ts',
        description: 'bench calibration',
        uses: [{ table: 'readWrite' }, { queue: 'broadcast', send: true }, { connections: true }],
        ...posting,
      },
    },
  };
}

/** The clients' worker thread, with request/answer messaging. */
class Clients {
  private readonly worker = new Worker(new URL('./fanout-clients.mjs', import.meta.url));
  private chain: Promise<unknown> = Promise.resolve();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the worker's answers
  call(request: Record<string, unknown>): Promise<any> {
    const next = this.chain.then(
      () =>
        new Promise((resolve, reject) => {
          this.worker.once('message', (answer: { ok: boolean; error?: string }) => (answer.ok ? resolve(answer) : reject(new Error(answer.error))));
          this.worker.postMessage(request);
        }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }
  async stop() {
    await this.call({ cmd: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

async function startBenchTwin(stateDir: string, postLatencyMs: number, settings: Record<string, string> = {}): Promise<Twin> {
  return startTwin({
    wiring: benchWiring(),
    stateDir,
    settings,
    onLog: () => undefined,
    webSocket: { postLatencyMs, idleTimeoutMs: 3_600_000 },
  });
}

async function api(twin: Twin, method: string, route: string, credential: string, body?: unknown) {
  const res = await fetch(`${twin.httpUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status >= 300) throw new Error(`${method} ${route} → ${res.status} ${JSON.stringify(json)}`);
  return json!;
}

/** A submission to watch: its channel is what the clients subscribe to. */
async function watchedSubmission(twin: Twin): Promise<{ submissionId: string; agentKey: string }> {
  const maintainer = twin.issuer.mint({ tenant: BENCH_TENANT, roles: ['maintainer'], sub: 'bench-maintainer' });
  const benchmark = await api(twin, 'POST', '/v1/benchmarks', maintainer, {
    name: 'fan-out bench',
    daily_submission_limit: 100,
    tasks: [{ task_id: 't', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  });
  const agent = await api(twin, 'POST', '/v1/agents', maintainer, { name: 'bench-agent' });
  const submission = await api(twin, 'POST', `/v1/benchmarks/${benchmark.benchmark_id}/submissions`, agent.api_key as string, {
    answers: [{ task_id: 't', output: 'a' }],
  });
  return { submissionId: submission.submission_id as string, agentKey: agent.api_key as string };
}

const logLine = (mark: string) => ({ ts: new Date().toISOString(), level: 'info', message: mark });

export async function measureFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const started = performance.now();
  const sizes = options.sizes ?? FANOUT_DEFAULTS.sizes;
  const rounds = { ...FANOUT_DEFAULTS.rounds, ...options.rounds };
  const warmups = { ...FANOUT_DEFAULTS.warmupRounds, ...options.warmupRounds };
  const postLatencyMs = options.postLatencyMs ?? FANOUT_DEFAULTS.postLatencyMs;
  const log = options.onProgress ?? (() => undefined);
  const declared = wiring as Wiring;
  const setting = (name: string) => Number(options.settings?.[name] ?? declared.settings[name]!.default);
  const shipped = {
    shardSize: setting('BROADCAST_SHARD_SIZE'),
    firstShardSize: setting('BROADCAST_FIRST_SHARD_SIZE'),
    concurrency: setting('BROADCAST_POST_CONCURRENCY'),
    queueMaxConcurrency: declared.queues.broadcast!.maxConcurrency,
    workerMemoryMb: declared.functions.broadcastWorker!.memoryMb,
  };

  // ---- 1. ours vs the floor, on the twin ------------------------------------------------------
  const sizeResults: SizeResult[] = [];
  {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-fanout-'));
    log('fan-out: starting a twin…');
    const twin = await startBenchTwin(stateDir, 0, options.settings);
    const clients = new Clients();
    try {
      // This process publishes as a function would: the sink reads its table and queue from the environment.
      process.env.TABLE_NAME = twin.engines.tableName;
      process.env[queueUrlVariable('broadcast')] = twin.engines.queueUrl('broadcast');
      process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
      process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'ScorecastBench';
      const { broadcastEvents } = await import('#shared/events/broadcast-sink.ts');
      const { subscribersOf } = await import('#shared/store/subscriptions.ts');
      const viewer = twin.issuer.mint({ tenant: BENCH_TENANT, roles: ['viewer'], sub: 'bench-viewer' });
      const url = `${twin.wsUrl}?token=${encodeURIComponent(viewer)}`;
      let opened = 0;
      let markCount = 0;

      for (const size of sizes) {
        const { submissionId } = await watchedSubmission(twin);
        const channel = `submission:${submissionId}`;
        log(`fan-out: ${size} clients: connecting and subscribing…`);
        if (opened < size) {
          await clients.call({ cmd: 'open', url, count: size - opened });
          opened = size;
        }
        await clients.call({ cmd: 'subscribe', count: size, channel });
        const audience = await subscribersOf(BENCH_TENANT, channel);
        if (audience.length !== size) throw new Error(`expected ${size} subscribers, the registry holds ${audience.length}`);
        const connectionIds = audience.map((s) => s.connectionId);

        const ours = async () => {
          const mark = `bench-mark-${(markCount++).toString(36)}`;
          await clients.call({ cmd: 'arm', mark, count: size });
          const t0 = now();
          await broadcastEvents([
            {
              type: 'submission.log',
              tenantId: BENCH_TENANT,
              channels: [channel],
              data: { submission_id: submissionId, lines: [logLine(mark)] },
              correlationId: mark,
              occurredAt: new Date().toISOString(),
            },
          ]);
          const { times } = await clients.call({ cmd: 'collect', mark, timeoutMs: 30_000 });
          return { latencies: (times as number[]).map((t) => t - t0) };
        };
        const floor = async () => {
          const mark = `bench-mark-${(markCount++).toString(36)}`;
          await clients.call({ cmd: 'arm', mark, count: size });
          // The message ours sends, with the same size: the same update envelope and log line.
          const data = JSON.stringify({
            type: 'update',
            channel,
            seq: 1,
            data: { submission_id: submissionId, lines: [logLine(mark)], kind: 'log', type: 'submission.log' },
            ts: new Date().toISOString(),
            correlation_id: mark,
          });
          const t0 = now();
          const invoked = twin.invoke('benchBarePost', { connectionIds, data, concurrency: shipped.concurrency }) as Promise<{
            activeMs: number;
            cpuMs: number | null;
            posts: number;
          }>;
          const { times } = await clients.call({ cmd: 'collect', mark, timeoutMs: 30_000 });
          const result = await invoked;
          return {
            latencies: (times as number[]).map((t) => t - t0),
            cpuPerPost: (result.cpuMs ?? result.activeMs) / result.posts,
            activePerPost: result.activeMs / result.posts,
          };
        };

        const warmup = warmups[size] ?? 3;
        log(`fan-out: ${size} clients: ${warmup} warm-up + ${rounds[size] ?? 5} rounds, ours and floor alternating…`);
        const warmupRounds = { ours: [] as number[], floor: [] as number[] };
        const lastArrival = (latencies: number[]) => (latencies.some((t) => !Number.isFinite(t)) ? Number.NaN : Math.max(...latencies));
        for (let i = 0; i < warmup; i++) {
          warmupRounds.ours.push(lastArrival((await ours()).latencies));
          warmupRounds.floor.push(lastArrival((await floor()).latencies));
        }
        const oursRounds: number[][] = [];
        const floorRounds: number[][] = [];
        const cpu: number[] = [];
        const active: number[] = [];
        for (let i = 0; i < (rounds[size] ?? 5); i++) {
          // Alternate which goes first, so neither always follows the other's garbage.
          if (i % 2 === 0) {
            oursRounds.push((await ours()).latencies);
            const f = await floor();
            floorRounds.push(f.latencies);
            cpu.push(f.cpuPerPost);
            active.push(f.activePerPost);
          } else {
            const f = await floor();
            floorRounds.push(f.latencies);
            cpu.push(f.cpuPerPost);
            active.push(f.activePerPost);
            oursRounds.push((await ours()).latencies);
          }
          await sleep(20);
        }
        const side = (all: number[][], warming: number[]): SideResult => ({
          receipt: stats(all.flat()),
          allReceived: stats(all.map(lastArrival)),
          missing: all.flat().filter((t) => !Number.isFinite(t)).length,
          warmup: stats(warming),
        });
        const o = side(oursRounds, warmupRounds.ours);
        const f = side(floorRounds, warmupRounds.floor);
        sizeResults.push({
          clients: size,
          rounds: oursRounds.length,
          ours: o,
          floor: f,
          ratio: {
            p50: round2(o.receipt.p50 / f.receipt.p50),
            p99: round2(o.receipt.p99 / f.receipt.p99),
            max: round2(o.receipt.max / f.receipt.max),
            allReceivedMedian: round2(o.allReceived.p50 / f.allReceived.p50),
            paired: round2(median(oursRounds.map((r, i) => Math.max(...r) / Math.max(...floorRounds[i]!)))),
          },
          floorCpuPerPostMs: Math.round(median(cpu) * 1000) / 1000,
          floorActivePerPostMs: Math.round(median(active) * 1000) / 1000,
        });
        log(`fan-out: ${size} clients: ours ${o.allReceived.p50} ms to all (median), floor ${f.allReceived.p50} ms`);
      }
    } finally {
      await clients.stop();
      await twin.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }

  if (options.skipModel)
    return {
      settings: shipped,
      sizes: sizeResults,
      goals: [],
      calibration: { postLatencyMs, rows: [] },
      model: { assumptions: { ...PUBLISHED, postCpuMs: Number.NaN }, rows: [], shipped: [], quota: [] },
      durationMs: Math.round(performance.now() - started),
    };

  // ---- 2. calibration at the cloud's per-post latency -----------------------------------------
  // The largest audience measures the per-post CPU best (the thread's CPU clock ticks every 10 ms).
  const largest = [...sizeResults].sort((a, b) => b.clients - a.clients)[0];
  const measuredCpu = largest && Number.isFinite(largest.floorCpuPerPostMs) ? largest.floorCpuPerPostMs : 0.4;
  const assumptions: CloudAssumptions = { ...PUBLISHED, postCpuMs: measuredCpu, postLatencyMs };
  const calibration: CalibrationRow[] = [];
  {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-fanout-model-'));
    log(`fan-out model: a twin whose @connections answers after ${postLatencyMs} ms…`);
    const twin = await startBenchTwin(stateDir, postLatencyMs, { BROADCAST_POST_CONCURRENCY: '200' });
    const clients = new Clients();
    try {
      const grid = { shardSizes: [30, 70, 100, 200], concurrencies: [10, 30, 50] };
      const most = Math.max(...grid.shardSizes);
      const viewer = twin.issuer.mint({ tenant: BENCH_TENANT, roles: ['viewer'], sub: 'calibration-viewer' });
      await clients.call({ cmd: 'open', url: `${twin.wsUrl}?token=${encodeURIComponent(viewer)}`, count: most });
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      const { DynamoDBDocumentClient, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
      const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: twin.engines.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :p',
          ExpressionAttributeValues: { ':p': `TENANT#${BENCH_TENANT}#PRINCIPAL#calibration-viewer` },
        }),
      );
      const ids = Items.map((item) => item.connection_id as string);
      if (ids.length !== most) throw new Error(`expected ${most} connections, the registry holds ${ids.length}`);
      let markCount = 0;
      const shardOnce = async (shardSize: number, concurrency: number) => {
        const mark = `bench-mark-c${(markCount++).toString(36)}`;
        await clients.call({ cmd: 'arm', mark, count: most });
        const message = {
          kind: 'shard',
          tenant_id: BENCH_TENANT,
          channel: 'calibration',
          seq: 1,
          type: 'bench.calibration',
          data: { kind: 'log', lines: [logLine(mark)] },
          occurred_at: new Date().toISOString(),
          shard: '1/1',
          attempt: 1,
          views: [null],
          targets: ids.slice(0, shardSize).map((id) => [id, 0]),
        };
        const t0 = now();
        const result = (await twin.invoke('benchShardPost', { message, settings: { shardSize, concurrency, maxAttempts: 1 } })) as {
          ms: number;
          activeMs: number;
        };
        const { times } = await clients.call({ cmd: 'collect', mark, timeoutMs: 10_000, expect: shardSize });
        const received = (times as number[]).filter(Number.isFinite);
        if (received.length !== shardSize) throw new Error(`calibration: ${received.length} of ${shardSize} clients received the shard`);
        return { allMs: Math.max(...received) - t0, functionMs: result.ms, activePerPost: result.activeMs / shardSize };
      };
      await shardOnce(30, 30); // warm the function
      for (const shardSize of grid.shardSizes)
        for (const concurrency of grid.concurrencies) {
          const runs = [];
          for (let i = 0; i < 3; i++) runs.push(await shardOnce(shardSize, concurrency));
          calibration.push({
            shardSize,
            concurrency,
            measuredMs: median(runs.map((r) => r.allMs)),
            functionMs: median(runs.map((r) => r.functionMs)),
            activePerPostMs: Math.round(median(runs.map((r) => r.activePerPost)) * 1000) / 1000,
            modelMs: round(shardPostingMs(shardSize, concurrency, assumptions)),
            modelAtActiveMs: round(shardPostingMs(shardSize, concurrency, { postCpuMs: median(runs.map((r) => r.activePerPost)), postLatencyMs })),
          });
        }
    } finally {
      await clients.stop();
      await twin.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }

  // ---- 3. the model -----------------------------------------------------------------------------
  log('fan-out model: simulating…');
  const rows: ModelRow[] = [];
  for (const connections of [2000, 20000])
    for (const shardSize of [15, 30, 60, 100, 200])
      for (const concurrency of [10, 30, 50]) {
        const scenario: Omit<FanoutScenario, 'hops'> = {
          connections,
          shardSize,
          firstShardSize: Math.max(shardSize, shipped.firstShardSize),
          concurrency,
          instances: 'warm',
          maxConcurrency: shipped.queueMaxConcurrency,
        };
        const median = simulateFanout({ ...scenario, hops: 'p50' }, assumptions);
        const sampled = connections <= 2000 ? sampleFanout(scenario, assumptions, 200) : null;
        rows.push({
          connections,
          shardSize,
          concurrency,
          shards: median.shards,
          medianHopsMs: round(median.totalMs),
          sampledP50Ms: sampled ? round(sampled.p50) : null,
          sampledP99Ms: sampled ? round(sampled.p99) : null,
          throttled: median.throttled,
        });
      }
  const base: Omit<FanoutScenario, 'hops' | 'instances'> = {
    connections: 2000,
    shardSize: shipped.shardSize,
    firstShardSize: shipped.firstShardSize,
    concurrency: shipped.concurrency,
    maxConcurrency: shipped.queueMaxConcurrency,
  };
  const shippedRows = [
    { label: '2,000 · warm · median hops', ms: simulateFanout({ ...base, instances: 'warm', hops: 'p50' }, assumptions).totalMs },
    { label: '2,000 · warm · sampled hops, p50', ms: sampleFanout({ ...base, instances: 'warm' }, assumptions, 200).p50 },
    { label: '2,000 · warm · sampled hops, p99', ms: sampleFanout({ ...base, instances: 'warm' }, assumptions, 200).p99 },
    { label: '2,000 · every invocation cold · median hops', ms: simulateFanout({ ...base, instances: 'cold', hops: 'p50' }, assumptions).totalMs },
    {
      label: '2,000 · at most 5 invocations at once (a fresh event source) · median hops',
      ms: simulateFanout({ ...base, maxConcurrency: 5, instances: 'warm', hops: 'p50' }, assumptions).totalMs,
    },
    {
      label: '2,000 · half the quota already in use · median hops',
      ms: simulateFanout({ ...base, instances: 'warm', hops: 'p50' }, { ...assumptions, quotaInUse: assumptions.quotaBurst / 2 }).totalMs,
    },
    {
      label: '20,000 · warm · median hops',
      ms: simulateFanout({ ...base, connections: 20000, instances: 'warm', hops: 'p50' }, assumptions).totalMs,
    },
    {
      label: '20,000 · quota raised to 50,000 rps / 25,000 burst · median hops',
      ms: simulateFanout({ ...base, connections: 20000, instances: 'warm', hops: 'p50' }, { ...assumptions, quotaRps: 50_000, quotaBurst: 25_000 })
        .totalMs,
    },
  ].map((r) => ({ ...r, ms: round(r.ms) }));
  const updatesPerSecond = Number(declared.settings.MONITORING_UPDATES_PER_SECOND?.default ?? 2);
  const quota = [10, 100, 1000, 2000, 5000].map((subscribers) => ({
    subscribers,
    updatesPerSecond,
    postsPerSecond: subscribers * updatesPerSecond,
    shareOfQuota: round2(quotaShare(updatesPerSecond, subscribers, assumptions.quotaRps) * 100) / 100,
  }));

  const [small, large] = [sizeResults.find((s) => s.clients === 100), sizeResults.find((s) => s.clients === 2000)];
  const modelShipped = shippedRows[0]!.ms;
  const goals = [
    ...sizeResults.map((s) => ({
      name: `ours ≤ 1.25× the floor at ${s.clients} clients (median time to every client)`,
      pass: s.ratio.allReceivedMedian <= 1.25 && s.ours.missing === 0,
      detail: `${s.ours.allReceived.p50} ms vs ${s.floor.allReceived.p50} ms = ${s.ratio.allReceivedMedian}× (paired by round: ${s.ratio.paired}×)`,
    })),
    ...(small
      ? [
          {
            name: 'publish → every one of 100 subscribers, p99 < 100 ms',
            pass: small.ours.allReceived.p99 < 100 && small.ours.missing === 0,
            detail: `p99 over ${small.rounds} rounds: ${small.ours.allReceived.p99} ms (every receipt: p99 ${small.ours.receipt.p99} ms)`,
          },
        ]
      : []),
    {
      name: 'the model: 2,000 connections under 100 ms with the shipped settings (warm, median hops)',
      pass: modelShipped < 100,
      detail: `${modelShipped} ms (first shard ${shipped.firstShardSize}, shards of ${shipped.shardSize}, concurrency ${shipped.concurrency})`,
    },
  ];
  void large;

  return {
    settings: shipped,
    sizes: sizeResults,
    goals,
    calibration: { postLatencyMs, rows: calibration },
    model: { assumptions, rows, shipped: shippedRows, quota },
    durationMs: Math.round(performance.now() - started),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function formatFanout(result: FanoutResult): string {
  const ms = (n: number | null) => (n === null || Number.isNaN(n) ? '–' : n.toFixed(1));
  const s = result.settings;
  const out = [
    'WebSocket fan-out on the twin: publish → receipt at every client, ours vs the bare SDK post loop (the floor)',
    `  shipped settings: first shard ${s.firstShardSize}, then shards of ${s.shardSize}; ${s.concurrency} posts in flight per worker; queue max concurrency ${s.queueMaxConcurrency}; worker ${s.workerMemoryMb} MB`,
    '',
    table(
      [
        '>clients',
        '>rounds',
        'side',
        '>p50 ms',
        '>p99 ms',
        '>max ms',
        '>all: median',
        '>all: p99',
        '>missing',
        '>warm-up: all median',
        '>warm-up: all max',
      ],
      result.sizes.flatMap((z) =>
        (['ours', 'floor'] as const).map((side) => [
          String(z.clients),
          String(z.rounds),
          side,
          ms(z[side].receipt.p50),
          ms(z[side].receipt.p99),
          ms(z[side].receipt.max),
          ms(z[side].allReceived.p50),
          ms(z[side].allReceived.p99),
          String(z[side].missing),
          ms(z[side].warmup.p50),
          ms(z[side].warmup.max),
        ]),
      ),
    ),
    '',
    ...result.sizes.map(
      (z) =>
        `  ${z.clients} clients: ours ÷ floor — p50 ${z.ratio.p50}×, p99 ${z.ratio.p99}×, max ${z.ratio.max}×, all (median) ${z.ratio.allReceivedMedian}×, paired by round ${z.ratio.paired}×; floor: ${z.floorCpuPerPostMs} ms CPU per post (loop active ${z.floorActivePerPostMs} ms)`,
    ),
    '',
    'Goals:',
    ...result.goals.map((g) => `  ${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`),
    '',
    `Cloud model, calibration: one shard posted by the fan-out code on a twin whose @connections answers after ${result.calibration.postLatencyMs} ms`,
    table(
      ['>shard', '>concurrency', '>twin: all ms', '>function ms', '>active/post ms', '>model ms', '>model at active/post'],
      result.calibration.rows.map((r) => [
        String(r.shardSize),
        String(r.concurrency),
        ms(r.measuredMs),
        ms(r.functionMs),
        r.activePerPostMs.toFixed(3),
        ms(r.modelMs),
        ms(r.modelAtActiveMs),
      ]),
    ),
    '',
    `Cloud model: fan-out time (publish → last post done), warm instances, first shard max(shard, ${s.firstShardSize}); per-post CPU ${result.model.assumptions.postCpuMs} ms (measured above), latency ${result.model.assumptions.postLatencyMs} ms`,
    table(
      ['>connections', '>shard', '>concurrency', '>shards', '>median hops ms', '>sampled p50', '>sampled p99', '>429s'],
      result.model.rows.map((r) => [
        String(r.connections),
        String(r.shardSize),
        String(r.concurrency),
        String(r.shards),
        ms(r.medianHopsMs),
        ms(r.sampledP50Ms),
        ms(r.sampledP99Ms),
        String(r.throttled),
      ]),
    ),
    '',
    'The shipped settings in the model:',
    ...result.model.shipped.map((r) => `  ${r.label}: ${ms(r.ms)} ms`),
    '',
    `What a channel's cadence costs against the account quota (${result.model.assumptions.quotaRps} requests/s):`,
    ...result.model.quota.map(
      (q) =>
        `  ${q.subscribers} subscribers × ${q.updatesPerSecond} updates/s = ${q.postsPerSecond} posts/s = ${(q.shareOfQuota * 100).toFixed(1)}% of the quota`,
    ),
  ];
  return out.join('\n');
}
