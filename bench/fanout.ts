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
// The steps live beside this file: fanout-sizes.ts (1), fanout-calibration.ts (2), fanout-model.ts
// (3), and fanout-twin.ts (what the two twins share).
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { calibrate } from './fanout-calibration.ts';
import { PUBLISHED, quotaShare, sampleFanout, simulateFanout, type CloudAssumptions, type FanoutScenario } from './fanout-model.ts';
import { measureSizes } from './fanout-sizes.ts';
import { round, type LatencyStats } from './fanout-twin.ts';
import { table } from './report.ts';

export type { LatencyStats } from './fanout-twin.ts';

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

type Shipped = FanoutResult['settings'];

const round2 = (n: number) => Math.round(n * 100) / 100;

function shippedSettings(declared: Wiring, settings: Record<string, string> | undefined): Shipped {
  const setting = (name: string) => Number(settings?.[name] ?? declared.settings[name]!.default);
  return {
    shardSize: setting('BROADCAST_SHARD_SIZE'),
    firstShardSize: setting('BROADCAST_FIRST_SHARD_SIZE'),
    concurrency: setting('BROADCAST_POST_CONCURRENCY'),
    queueMaxConcurrency: declared.queues.broadcast!.maxConcurrency,
    workerMemoryMb: declared.functions.broadcastWorker!.memoryMb,
  };
}

/** Fan-out time for 2,000 and 20,000 connections against shard size and concurrency (warm instances). */
function modelGrid(shipped: Shipped, assumptions: CloudAssumptions): ModelRow[] {
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
  return rows;
}

/** The shipped settings under other conditions (cold, fewer invocations, quota in use, 20,000 connections). */
function shippedScenarios(shipped: Shipped, assumptions: CloudAssumptions): { label: string; ms: number }[] {
  const base: Omit<FanoutScenario, 'hops' | 'instances'> = {
    connections: 2000,
    shardSize: shipped.shardSize,
    firstShardSize: shipped.firstShardSize,
    concurrency: shipped.concurrency,
    maxConcurrency: shipped.queueMaxConcurrency,
  };
  return [
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
}

function quotaShares(declared: Wiring, assumptions: CloudAssumptions): FanoutResult['model']['quota'] {
  const updatesPerSecond = Number(declared.settings.MONITORING_UPDATES_PER_SECOND?.default ?? 2);
  return [10, 100, 1000, 2000, 5000].map((subscribers) => ({
    subscribers,
    updatesPerSecond,
    postsPerSecond: subscribers * updatesPerSecond,
    shareOfQuota: round2(quotaShare(updatesPerSecond, subscribers, assumptions.quotaRps) * 100) / 100,
  }));
}

function fanoutGoals(sizeResults: SizeResult[], shipped: Shipped, modelShipped: number): FanoutResult['goals'] {
  const small = sizeResults.find((s) => s.clients === 100);
  return [
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
}

export async function measureFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const started = performance.now();
  const postLatencyMs = options.postLatencyMs ?? FANOUT_DEFAULTS.postLatencyMs;
  const log = options.onProgress ?? (() => undefined);
  const declared = wiring as Wiring;
  const shipped = shippedSettings(declared, options.settings);

  // ---- 1. ours vs the floor, on the twin ------------------------------------------------------
  const sizeResults = await measureSizes({
    sizes: options.sizes ?? FANOUT_DEFAULTS.sizes,
    rounds: { ...FANOUT_DEFAULTS.rounds, ...options.rounds },
    warmups: { ...FANOUT_DEFAULTS.warmupRounds, ...options.warmupRounds },
    concurrency: shipped.concurrency,
    settings: options.settings,
    log,
  });

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
  const calibration = await calibrate(assumptions, postLatencyMs, log);

  // ---- 3. the model -----------------------------------------------------------------------------
  log('fan-out model: simulating…');
  const rows = modelGrid(shipped, assumptions);
  const shippedRows = shippedScenarios(shipped, assumptions);
  const quota = quotaShares(declared, assumptions);
  return {
    settings: shipped,
    sizes: sizeResults,
    goals: fanoutGoals(sizeResults, shipped, shippedRows[0]!.ms),
    calibration: { postLatencyMs, rows: calibration },
    model: { assumptions, rows, shipped: shippedRows, quota },
    durationMs: Math.round(performance.now() - started),
  };
}

const ms = (n: number | null) => (n === null || Number.isNaN(n) ? '–' : n.toFixed(1));

/** Ours vs the floor at each size, and the goals. */
function formatSizes(result: FanoutResult): string[] {
  const s = result.settings;
  return [
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
  ];
}

/** The calibration, the model's grid, the shipped settings in the model and the quota. */
function formatModel(result: FanoutResult): string[] {
  const s = result.settings;
  return [
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
}

export function formatFanout(result: FanoutResult): string {
  return [...formatSizes(result), '', ...formatModel(result)].join('\n');
}
