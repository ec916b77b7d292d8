// What the fan-out bench's two twins share (bench/fanout.ts): the bench wiring (the declared one
// plus the two fixture functions), the WebSocket clients' worker thread, the HTTP calls that set up
// a watched submission, and the latency summaries.
import { Worker } from 'node:worker_threads';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';

export interface LatencyStats {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export const BENCH_TENANT = 'fanout';
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function stats(values: number[]): LatencyStats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : Number.NaN);
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN), samples: sorted.length };
}
export const round = (n: number) => Math.round(n * 10) / 10;
export const median = (values: number[]) => stats(values).p50;

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
export class Clients {
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

export async function startBenchTwin(stateDir: string, postLatencyMs: number, settings: Record<string, string> = {}): Promise<Twin> {
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
export async function watchedSubmission(twin: Twin): Promise<{ submissionId: string; agentKey: string }> {
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

export const logLine = (mark: string) => ({ ts: new Date().toISOString(), level: 'info', message: mark });
