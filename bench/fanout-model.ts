// The cloud model of a fan-out: what `broadcast` does in AWS, simulated event by event, with the
// per-post CPU cost measured on the twin and the rest taken from published figures (each
// assumption is a field of CloudAssumptions, printed with the results; bench/README.md discusses
// them). It follows shared/realtime/fanout.ts step by step:
//
//   publish (seq ADD + SendMessage) → SQS→Lambda hop → first invocation: audience Query, shards
//   2…n sent back to the queue (SendMessageBatch, 10 per call, in parallel) while it posts shard 1
//   → each shard: its own SQS→Lambda hop (and a cold start if no warm instance is free) → posts
//   with at most C in flight, each costing `postCpuMs` of the invocation's single CPU and
//   `postLatencyMs` of round trip → API Gateway's account-wide token bucket (10,000 requests/s,
//   5,000 burst, shared with every other API call): a post without a token is a 429; it backs off
//   (full jitter, as retryDelayMs) and is tried again up to POST_ATTEMPTS times, then goes back through the
//   queue as a smaller shard after 2^(round−1) s, as the worker does.
//
// The fan-out time is when the last connection's post completes. Plain TypeScript, deterministic
// for a given random source.
import { POST_ATTEMPTS, redeliveryDelaySeconds, retryDelayMs } from '#shared/realtime/broadcast-message.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';

export interface CloudAssumptions {
  /** CPU per PostToConnectionCommand on one vCPU (SDK middleware + SigV4 + HTTP), measured on the twin. */
  postCpuMs: number;
  /** Round trip of one post to @connections (the gateway's injected latency in the calibration run). */
  postLatencyMs: number;
  /** SQS → Lambda (event source mapping) delay, as quantiles [q, ms]; sampled by linear interpolation. */
  hopQuantiles: [number, number][];
  /** The sink: one conditional ADD on the seq counter, then one SendMessageBatch. */
  publishMs: number;
  /** Audience Query: fixed part, and per 1,000 subscription items (a 1 MB page holds ~10,000). */
  queryBaseMs: number;
  queryPerThousandMs: number;
  /** One SendMessageBatch call (10 shards); calls run in parallel, 50 at a time (the socket pool). */
  enqueueBatchMs: number;
  /** Lambda init of the broadcast worker when no warm instance is free (runtime + bundle import). */
  coldStartMs: number;
  /** Account-level API Gateway request quota per region (shared by all APIs and all @connections calls). */
  quotaRps: number;
  quotaBurst: number;
  /** Tokens already spent by other traffic when the fan-out starts (0: the bucket is full). */
  quotaInUse: number;
  /** Posts tried this many times within an invocation before going back through the queue. */
  postAttempts: number;
  /** Rounds through the queue before the message fails (BROADCAST_MAX_ATTEMPTS). */
  maxRounds: number;
}

/** Published figures; see bench/README.md for the sources. */
export const PUBLISHED: Omit<CloudAssumptions, 'postCpuMs'> = {
  postLatencyMs: 15,
  // SQS standard → Lambda, eu-west-1 (bitesizedserverless.com, "Serverless messaging: latency compared"):
  // p10 13.7, p50 16.2, p90 33.8, p99 105 ms; the ends are our guesses.
  hopQuantiles: [
    [0, 10],
    [0.1, 13.7],
    [0.5, 16.2],
    [0.9, 33.8],
    [0.99, 105],
    [1, 250],
  ],
  publishMs: 12,
  queryBaseMs: 6,
  queryPerThousandMs: 2.5,
  enqueueBatchMs: 10,
  // lambda-perf (Dec 2025) Node 20/22 hello-world init 116–158 ms, plus ~110 ms to import a ~1 MB
  // bundle with the DynamoDB, SQS and API Gateway clients (TOOLCHAIN.md).
  coldStartMs: 270,
  quotaRps: 10_000,
  quotaBurst: 5_000,
  quotaInUse: 0,
  postAttempts: POST_ATTEMPTS,
  maxRounds: 5,
};

export interface FanoutScenario {
  connections: number;
  shardSize: number;
  /** Connections the first invocation posts itself (default: shardSize). */
  firstShardSize?: number;
  concurrency: number;
  /** 'warm': a warm instance is free for every shard; 'cold': every invocation cold-starts. */
  instances: 'warm' | 'cold';
  /** Most invocations at once (the queue's maximum concurrency, or the event source's pollers). */
  maxConcurrency: number;
  /** 'p50': every hop takes the median; 'sampled': each hop is drawn from the quantiles. */
  hops: 'p50' | 'sampled';
}

export interface FanoutOutcome {
  /** Publish → the last post completed. */
  totalMs: number;
  /** Publish → the first invocation starts posting. */
  firstPostAtMs: number;
  shards: number;
  invocations: number;
  throttled: number;
  /** Posts that went back through the queue (after postAttempts 429s). */
  deferred: number;
  /** Posts never delivered within maxRounds. */
  lost: number;
}

/** A busy queue's next message reaches a poller that just finished a batch almost at once. */
const PICKUP_MS = 5;

export function quantile(points: readonly [number, number][], q: number): number {
  const clamped = Math.min(1, Math.max(0, q));
  for (let i = 1; i < points.length; i++) {
    const [q1, v1] = points[i]!;
    const [q0, v0] = points[i - 1]!;
    if (clamped <= q1) return q1 === q0 ? v1 : v0 + ((clamped - q0) / (q1 - q0)) * (v1 - v0);
  }
  return points[points.length - 1]![1];
}

interface Post {
  attempt: number;
}

interface Invocation {
  cpuFree: number;
  inFlight: number;
  pending: Post[];
  concurrency: number;
  round: number;
  deferred: Post[];
  open: number;
}

type Event =
  | { t: number; kind: 'queued'; posts: number; round: number }
  | { t: number; kind: 'start'; invocation: Invocation }
  | { t: number; kind: 'arrive'; invocation: Invocation; post: Post }
  | { t: number; kind: 'done'; invocation: Invocation; post: Post; ok: boolean }
  | { t: number; kind: 'retry'; invocation: Invocation; post: Post };

/** A binary min-heap on event time (ties: insertion order). */
class Timeline {
  private heap: { e: Event; n: number }[] = [];
  private count = 0;
  push(e: Event) {
    const node = { e, n: this.count++ };
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top.e;
  }
}
const less = (a: { e: Event; n: number }, b: { e: Event; n: number }) => a.e.t < b.e.t || (a.e.t === b.e.t && a.n < b.n);

/** The state of one simulated fan-out: the timeline of events, the invocation slots and the account's token bucket. */
class FanoutSimulation {
  readonly outcome: FanoutOutcome = { totalMs: 0, firstPostAtMs: 0, shards: 0, invocations: 0, throttled: 0, deferred: 0, lost: 0 };
  private readonly timeline = new Timeline();
  private readonly shardSize: number;
  private readonly cold: number;
  // Invocation slots (the queue's maximum concurrency): a shard that arrives when all are busy
  // waits for one, and is then picked up at once by a warm instance.
  private busy = 0;
  private readonly waiting: { arrival: number; posts: number; round: number }[] = [];
  // The account's token bucket.
  private tokens: number;
  private refilledAt = 0;

  constructor(
    private readonly scenario: FanoutScenario,
    private readonly model: CloudAssumptions,
    private readonly random: () => number,
  ) {
    this.shardSize = Math.max(1, scenario.shardSize);
    this.cold = scenario.instances === 'cold' ? model.coldStartMs : 0;
    this.tokens = model.quotaBurst - model.quotaInUse;
  }

  run(): FanoutOutcome {
    this.publish();
    for (let event = this.timeline.pop(); event; event = this.timeline.pop()) this.handle(event);
    return this.outcome;
  }

  private hop(): number {
    const { hopQuantiles } = this.model;
    return this.scenario.hops === 'p50' ? quantile(hopQuantiles, 0.5) : quantile(hopQuantiles, this.random());
  }

  private arrive(arrival: number, posts: number, round: number): void {
    this.timeline.push({ t: arrival, kind: 'queued', posts, round });
  }

  private invocation(posts: number, round: number): Invocation {
    const { concurrency } = this.scenario;
    return { cpuFree: 0, inFlight: 0, pending: Array.from({ length: posts }, () => ({ attempt: 1 })), concurrency, round, deferred: [], open: posts };
  }

  private start(inv: Invocation, at: number): void {
    this.outcome.invocations++;
    this.busy++;
    inv.cpuFree = at;
    this.timeline.push({ t: at, kind: 'start', invocation: inv });
  }

  /** Publish → the first invocation; its Query; the other shards leave; it posts its own. */
  private publish(): void {
    const { model, shardSize } = this;
    const n = this.scenario.connections;
    const first = Math.min(n, Math.max(1, this.scenario.firstShardSize ?? shardSize));
    const shards = 1 + Math.ceil((n - first) / shardSize);
    this.outcome.shards = shards;
    const queried = model.publishMs + this.hop() + this.cold + model.queryBaseMs + (model.queryPerThousandMs * n) / 1000;
    this.outcome.firstPostAtMs = queried;
    this.start(this.invocation(first, 1), queried);
    for (let k = 1; k < shards; k++) {
      const batch = Math.floor((k - 1) / 10);
      const sentAt = queried + model.enqueueBatchMs * (1 + Math.floor(batch / 50));
      this.arrive(sentAt + this.hop(), Math.min(shardSize, n - first - (k - 1) * shardSize), 1);
    }
  }

  private take(t: number): boolean {
    const { model } = this;
    this.tokens = Math.min(model.quotaBurst, this.tokens + ((t - this.refilledAt) * model.quotaRps) / 1000);
    this.refilledAt = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  private launch(inv: Invocation, now: number): void {
    while (inv.inFlight < inv.concurrency && inv.pending.length > 0) {
      const post = inv.pending.shift()!;
      inv.inFlight++;
      inv.cpuFree = Math.max(now, inv.cpuFree) + this.model.postCpuMs;
      this.timeline.push({ t: inv.cpuFree, kind: 'arrive', invocation: inv, post });
    }
  }

  private settle(inv: Invocation, t: number): void {
    inv.open--;
    if (inv.open > 0) return;
    this.busy--;
    const next = this.waiting.shift();
    if (next) this.start(this.invocation(next.posts, next.round), t + PICKUP_MS);
    if (inv.deferred.length === 0) return;
    if (inv.round >= this.model.maxRounds) {
      this.outcome.lost += inv.deferred.length;
      return;
    }
    // Back through the queue after 2^(round) s, as a new shard.
    this.arrive(t + this.model.enqueueBatchMs + redeliveryDelaySeconds(inv.round + 1) * 1000 + this.hop(), inv.deferred.length, inv.round + 1);
  }

  /** A post's answer: delivered, deferred to the queue after its last attempt, or retried after a backoff. */
  private done(event: Extract<Event, { kind: 'done' }>): void {
    const { t, invocation: inv } = event;
    inv.inFlight--;
    if (event.ok) {
      this.outcome.totalMs = Math.max(this.outcome.totalMs, t);
      this.settle(inv, t);
    } else if (event.post.attempt >= this.model.postAttempts) {
      this.outcome.deferred++;
      inv.deferred.push({ attempt: 1 });
      this.settle(inv, t);
    } else {
      event.post.attempt++;
      this.timeline.push({ t: t + retryDelayMs(event.post.attempt - 1, this.random), kind: 'retry', invocation: inv, post: event.post });
    }
    this.launch(inv, t);
  }

  private handle(event: Event): void {
    if (event.kind === 'queued') {
      if (this.busy < this.scenario.maxConcurrency) this.start(this.invocation(event.posts, event.round), event.t + this.cold);
      else this.waiting.push({ arrival: event.t, posts: event.posts, round: event.round });
      return;
    }
    const { t, invocation: inv } = event;
    if (event.kind === 'start') this.launch(inv, t);
    else if (event.kind === 'arrive') {
      const ok = this.take(t);
      if (!ok) this.outcome.throttled++;
      this.timeline.push({ t: t + this.model.postLatencyMs, kind: 'done', invocation: inv, post: event.post, ok });
    } else if (event.kind === 'done') this.done(event);
    else {
      inv.pending.push(event.post);
      this.launch(inv, t);
    }
  }
}

/** One simulated fan-out. */
export function simulateFanout(scenario: FanoutScenario, model: CloudAssumptions, random: () => number = mulberry32(1)): FanoutOutcome {
  return new FanoutSimulation(scenario, model, random).run();
}

export interface Distribution {
  p50: number;
  p99: number;
}

/** Many sampled runs of one scenario: the p50 and p99 of the fan-out time. */
export function sampleFanout(scenario: Omit<FanoutScenario, 'hops'>, model: CloudAssumptions, runs = 200, seed = 7): Distribution {
  const random = mulberry32(seed);
  const times = Array.from({ length: runs }, () => simulateFanout({ ...scenario, hops: 'sampled' }, model, random).totalMs).sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil(q * times.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** The time one invocation takes to post `posts` messages at `concurrency`, no hops (the twin's calibration case). */
export function shardPostingMs(posts: number, concurrency: number, model: Pick<CloudAssumptions, 'postCpuMs' | 'postLatencyMs'>): number {
  return simulateFanout(
    { connections: posts, shardSize: posts, concurrency, instances: 'warm', maxConcurrency: 1, hops: 'p50' },
    {
      ...PUBLISHED,
      ...model,
      hopQuantiles: [
        [0, 0],
        [1, 0],
      ],
      publishMs: 0,
      queryBaseMs: 0,
      queryPerThousandMs: 0,
    },
  ).totalMs;
}

/** Posts per second a tenant's channel costs against the account quota: updates/s × subscribers. */
export const quotaShare = (updatesPerSecond: number, subscribers: number, quotaRps = PUBLISHED.quotaRps) =>
  (updatesPerSecond * subscribers) / quotaRps;
