// Part 1 of the fan-out bench (bench/fanout.ts): on a twin with the shipped settings, N real
// WebSocket clients subscribe to a submission's channel, then rounds alternate between ours
// (broadcastEvents(), the queue, the worker, @connections) and the floor (bench/fixtures/bare-post.ts,
// a bare post loop in a function of the twin); each client records when the round's message arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Twin } from '#infra/local/twin.ts';
import { queueUrlVariable } from '#infra/wiring-env.ts';
import type { SideResult, SizeResult } from './fanout.ts';
import { BENCH_TENANT, Clients, logLine, median, now, sleep, startBenchTwin, stats, watchedSubmission } from './fanout-twin.ts';

export interface SizesPlan {
  sizes: number[];
  rounds: Record<number, number>;
  warmups: Record<number, number>;
  /** Posts in flight per worker (the shipped BROADCAST_POST_CONCURRENCY): the floor posts at the same. */
  concurrency: number;
  settings?: Record<string, string>;
  log: (line: string) => void;
}

type BroadcastEvents = typeof import('#shared/events/broadcast-sink.ts')['broadcastEvents'];

/** One twin's clients and publisher, shared by every size. */
interface Bench {
  twin: Twin;
  clients: Clients;
  broadcastEvents: BroadcastEvents;
  /** The clients' URL, with a viewer's token. */
  url: string;
  opened: number;
  nextMark(): string;
}

/** One size's audience: the watched submission's channel and its subscribers' connections. */
interface Audience {
  bench: Bench;
  size: number;
  submissionId: string;
  channel: string;
  connectionIds: string[];
  concurrency: number;
}

const lastArrival = (latencies: number[]) => (latencies.some((t) => !Number.isFinite(t)) ? Number.NaN : Math.max(...latencies));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** ours: what publish() does for real time, timed from the call to each client's receipt. */
async function oursRound(a: Audience): Promise<{ latencies: number[] }> {
  const { clients, broadcastEvents } = a.bench;
  const mark = a.bench.nextMark();
  await clients.call({ cmd: 'arm', mark, count: a.size });
  const t0 = now();
  await broadcastEvents([
    {
      type: 'submission.log',
      tenantId: BENCH_TENANT,
      channels: [a.channel],
      data: { submission_id: a.submissionId, lines: [logLine(mark)] },
      correlationId: mark,
      occurredAt: new Date().toISOString(),
    },
  ]);
  const { times } = await clients.call({ cmd: 'collect', mark, timeoutMs: 30_000 });
  return { latencies: (times as number[]).map((t) => t - t0) };
}

/** floor: the same-sized message posted by a bare loop in a function of the twin, with its CPU per post. */
async function floorRound(a: Audience): Promise<{ latencies: number[]; cpuPerPost: number; activePerPost: number }> {
  const { clients, twin } = a.bench;
  const mark = a.bench.nextMark();
  await clients.call({ cmd: 'arm', mark, count: a.size });
  // The message ours sends, with the same size: the same update envelope and log line.
  const data = JSON.stringify({
    type: 'update',
    channel: a.channel,
    seq: 1,
    data: { submission_id: a.submissionId, lines: [logLine(mark)], kind: 'log', type: 'submission.log' },
    ts: new Date().toISOString(),
    correlation_id: mark,
  });
  const t0 = now();
  const invoked = twin.invoke('benchBarePost', { connectionIds: a.connectionIds, data, concurrency: a.concurrency }) as Promise<{
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
}

interface Timed {
  ours: number[][];
  floor: number[][];
  cpu: number[];
  active: number[];
}

async function timedRounds(a: Audience, count: number): Promise<Timed> {
  const timed: Timed = { ours: [], floor: [], cpu: [], active: [] };
  const floor = async () => {
    const f = await floorRound(a);
    timed.floor.push(f.latencies);
    timed.cpu.push(f.cpuPerPost);
    timed.active.push(f.activePerPost);
  };
  for (let i = 0; i < count; i++) {
    // Alternate which goes first, so neither always follows the other's garbage.
    if (i % 2 === 0) {
      timed.ours.push((await oursRound(a)).latencies);
      await floor();
    } else {
      await floor();
      timed.ours.push((await oursRound(a)).latencies);
    }
    await sleep(20);
  }
  return timed;
}

function sideOf(all: number[][], warming: number[]): SideResult {
  return {
    receipt: stats(all.flat()),
    allReceived: stats(all.map(lastArrival)),
    missing: all.flat().filter((t) => !Number.isFinite(t)).length,
    warmup: stats(warming),
  };
}

function sizeResultOf(size: number, timed: Timed, warming: { ours: number[]; floor: number[] }): SizeResult {
  const o = sideOf(timed.ours, warming.ours);
  const f = sideOf(timed.floor, warming.floor);
  return {
    clients: size,
    rounds: timed.ours.length,
    ours: o,
    floor: f,
    ratio: {
      p50: round2(o.receipt.p50 / f.receipt.p50),
      p99: round2(o.receipt.p99 / f.receipt.p99),
      max: round2(o.receipt.max / f.receipt.max),
      allReceivedMedian: round2(o.allReceived.p50 / f.allReceived.p50),
      paired: round2(median(timed.ours.map((r, i) => Math.max(...r) / Math.max(...timed.floor[i]!)))),
    },
    floorCpuPerPostMs: Math.round(median(timed.cpu) * 1000) / 1000,
    floorActivePerPostMs: Math.round(median(timed.active) * 1000) / 1000,
  };
}

/** A new watched submission, `size` clients subscribed to its channel (opening more clients when needed). */
async function subscribe(bench: Bench, size: number, concurrency: number, log: (line: string) => void): Promise<Audience> {
  const { subscribersOf } = await import('#shared/store/subscriptions.ts');
  const { submissionId } = await watchedSubmission(bench.twin);
  const channel = `submission:${submissionId}`;
  log(`fan-out: ${size} clients: connecting and subscribing…`);
  if (bench.opened < size) {
    await bench.clients.call({ cmd: 'open', url: bench.url, count: size - bench.opened });
    bench.opened = size;
  }
  await bench.clients.call({ cmd: 'subscribe', count: size, channel });
  const audience = await subscribersOf(BENCH_TENANT, channel);
  if (audience.length !== size) throw new Error(`expected ${size} subscribers, the registry holds ${audience.length}`);
  return { bench, size, submissionId, channel, connectionIds: audience.map((s) => s.connectionId), concurrency };
}

async function measureSize(bench: Bench, size: number, plan: SizesPlan): Promise<SizeResult> {
  const audience = await subscribe(bench, size, plan.concurrency, plan.log);
  const warmup = plan.warmups[size] ?? 3;
  plan.log(`fan-out: ${size} clients: ${warmup} warm-up + ${plan.rounds[size] ?? 5} rounds, ours and floor alternating…`);
  const warming = { ours: [] as number[], floor: [] as number[] };
  for (let i = 0; i < warmup; i++) {
    warming.ours.push(lastArrival((await oursRound(audience)).latencies));
    warming.floor.push(lastArrival((await floorRound(audience)).latencies));
  }
  const result = sizeResultOf(size, await timedRounds(audience, plan.rounds[size] ?? 5), warming);
  plan.log(`fan-out: ${size} clients: ours ${result.ours.allReceived.p50} ms to all (median), floor ${result.floor.allReceived.p50} ms`);
  return result;
}

/** This process publishes as a function would: the sink reads its table and queue from the environment. */
async function publishFrom(twin: Twin): Promise<BroadcastEvents> {
  process.env.TABLE_NAME = twin.engines.tableName;
  process.env[queueUrlVariable('broadcast')] = twin.engines.queueUrl('broadcast');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'ScorecastBench';
  return (await import('#shared/events/broadcast-sink.ts')).broadcastEvents;
}

/** Ours vs the floor at each size, on a twin of its own. */
export async function measureSizes(plan: SizesPlan): Promise<SizeResult[]> {
  const sizeResults: SizeResult[] = [];
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-fanout-'));
  plan.log('fan-out: starting a twin…');
  const twin = await startBenchTwin(stateDir, 0, plan.settings);
  const clients = new Clients();
  try {
    const broadcastEvents = await publishFrom(twin);
    const viewer = twin.issuer.mint({ tenant: BENCH_TENANT, roles: ['viewer'], sub: 'bench-viewer' });
    let markCount = 0;
    const bench: Bench = {
      twin,
      clients,
      broadcastEvents,
      url: `${twin.wsUrl}?token=${encodeURIComponent(viewer)}`,
      opened: 0,
      nextMark: () => `bench-mark-${(markCount++).toString(36)}`,
    };
    for (const size of plan.sizes) sizeResults.push(await measureSize(bench, size, plan));
  } finally {
    await clients.stop();
    await twin.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return sizeResults;
}
