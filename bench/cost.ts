// The cost run (bench/README.md §8): a twin in this process, dashboards watching the board, and N
// submissions of the bench's mix — each agent POSTs its submission, appends a 10-span trace, and
// reads its submission once it is scored — with every request the platform makes counted (HTTP
// API, @connections, Lambda invocations and billed duration, DynamoDB request units, SQS requests,
// log bytes), then priced by the cost model (cost-model.ts) per million submissions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { Twin } from '#infra/local/twin.ts';
import { costPerMillion, type CostModel, type CountedUsage } from './cost-model.ts';
import { engineUsage, sqsByLabel, unitsByLabel, UsageCounter } from './cost-usage.ts';
import { EngineTraffic } from './pipeline-traffic.ts';
import { expectStatus, newAgent, newBenchmark, openSession, queueDepth, type BenchAgent, type Session, sleep } from './pipeline-session.ts';
import { answersFor, SETTINGS, traceSpans } from './pipeline-workload.ts';

export interface CostRunOptions {
  /** Submissions counted (default 300). */
  submissions: number;
  agents: number;
  /** Dashboards (viewers' WebSockets) subscribed to the board during the run (default 5). */
  dashboards: number;
  concurrency: number;
  onProgress?: (line: string) => void;
}

export const COST_DEFAULTS: Omit<CostRunOptions, 'onProgress'> = { submissions: 300, agents: 10, dashboards: 5, concurrency: 8 };

export interface CostResult {
  mix: string;
  options: Omit<CostRunOptions, 'onProgress'>;
  /** Every submission scored (the mix ran as intended). */
  scored: number;
  runSeconds: number;
  usage: CountedUsage;
  /** DynamoDB requests and units per submission by request label, costliest first (a write unit costs 5 read units). */
  dynamodbPerSubmission: ReturnType<typeof unitsByLabel>;
  /** SQS requests per submission by operation and queue, most first. */
  sqsPerSubmission: ReturnType<typeof sqsByLabel>;
  model: CostModel;
}

const MIX =
  'per submission: POST submission (agent key), POST 10 trace spans, GET the submission once scored; its scoring, board update and fan-out to the dashboards watching the board';

/** Dashboards: viewers' WebSockets, each subscribed to the board. */
async function openDashboards(twin: Twin, token: string, benchmarkId: string, count: number): Promise<WebSocket[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${twin.wsUrl}?token=${encodeURIComponent(token)}`);
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  await Promise.all(
    sockets.map(
      (socket, i) =>
        new Promise<void>((resolve) => {
          socket.on('message', (raw) => {
            if (String(raw).includes('"snapshot"')) resolve();
          });
          socket.send(JSON.stringify({ action: 'subscribe', channel: `leaderboard:${benchmarkId}`, id: `cost-${i}` }));
        }),
    ),
  );
  return sockets;
}

/** One submission of the mix, up to its POSTs; the GET comes after the drain. */
async function submitMix(session: Session, benchmarkId: string, agent: BenchAgent, index: number): Promise<string> {
  const created = expectStatus(
    await session.api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.key, { answers: answersFor(index).answers }),
    202,
    'POST submission',
  );
  const submissionId = created.submission_id as string;
  expectStatus(
    await session.api('POST', `/v1/submissions/${submissionId}/traces`, agent.key, { spans: traceSpans(10, `c${index}`) }),
    200,
    'POST traces',
  );
  return submissionId;
}

async function runMix(session: Session, benchmarkId: string, agents: BenchAgent[], options: Omit<CostRunOptions, 'onProgress'>) {
  const submitted: { id: string; agent: BenchAgent }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (let i = next++; i < options.submissions; i = next++) {
        const agent = agents[i % agents.length]!;
        submitted.push({ id: await submitMix(session, benchmarkId, agent, 5_000_000 + i), agent });
      }
    }),
  );
  for (const deadline = Date.now() + 60_000; (await queueDepth(session)) > 0; await sleep(50))
    if (Date.now() > deadline) throw new Error('the cost run did not drain in 60 s');
  let scored = 0;
  for (const { id, agent } of submitted) {
    const submission = expectStatus(await session.api('GET', `/v1/submissions/${id}`, agent.key), 200, 'GET submission');
    if (submission.status === 'scored') scored += 1;
  }
  return scored;
}

async function countedRun(twin: Twin, options: Omit<CostRunOptions, 'onProgress'>, logBytes: () => number, progress: (line: string) => void) {
  const session = openSession(twin);
  const benchmarkId = await newBenchmark(session, 'bench: cost');
  const agents = await Promise.all(Array.from({ length: options.agents }, (_, i) => newAgent(session, `cost-agent-${i}`)));
  const dashboards = await openDashboards(twin, session.viewer, benchmarkId, options.dashboards);
  // Warm-up: every agent's key cached by the authorizer, the functions' environments started.
  await runMix(session, benchmarkId, agents, { ...options, submissions: options.agents * 2 });
  progress(`cost: warm; counting ${options.submissions} submissions with ${options.dashboards} dashboards…`);
  const traffic = new EngineTraffic();
  traffic.subscribe();
  traffic.watch(twin.engines);
  const counter = new UsageCounter(twin);
  const window = traffic.open();
  const logBefore = logBytes();
  counter.start();
  const started = performance.now();
  try {
    const scored = await runMix(session, benchmarkId, agents, options);
    const runSeconds = (performance.now() - started) / 1000;
    const gateway = counter.stop();
    const requests = window.close();
    const usage: CountedUsage = {
      submissions: options.submissions,
      httpRequests: gateway.httpRequests,
      websocketMessages: gateway.connectionPosts,
      websocketConnectionMinutes: (options.dashboards * runSeconds) / 60,
      lambda: gateway.lambda,
      ...engineUsage(requests),
      logBytes: logBytes() - logBefore,
    };
    return {
      scored,
      runSeconds: Math.round(runSeconds * 10) / 10,
      usage,
      dynamodbPerSubmission: unitsByLabel(requests, options.submissions),
      sqsPerSubmission: sqsByLabel(requests, options.submissions),
    };
  } finally {
    counter.stop();
    traffic.unsubscribe();
    for (const socket of dashboards) socket.close();
    session.sqs.destroy();
  }
}

export async function measureCost(input: Partial<CostRunOptions> = {}): Promise<CostResult> {
  const { onProgress, ...given } = input;
  const options = { ...COST_DEFAULTS, ...given };
  const progress = onProgress ?? (() => undefined);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-cost-'));
  const savedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')));
  let logBytes = 0;
  const { startTwin } = await import('#infra/local/twin.ts');
  const twin = await startTwin({
    stateDir,
    httpPort: 0,
    wsPort: 0,
    issuerPort: 0,
    lambdaPort: 0,
    settings: SETTINGS,
    onLog: (_fn, line) => void (logBytes += Buffer.byteLength(line) + 1),
  });
  try {
    const counted = await countedRun(twin, options, () => logBytes, progress);
    return { mix: MIX, options, ...counted, model: costPerMillion(counted.usage) };
  } finally {
    await twin.stop();
    rmSync(stateDir, { recursive: true, force: true });
    // The twin set the engines' endpoints and dummy credentials for this process: the next part starts clean.
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && !(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}

const usd = (n: number) => `$${n.toFixed(n < 0.1 ? 4 : 2)}`;

export function formatCost(result: CostResult): string {
  const { model } = result;
  const width = Math.max(...model.lines.map((l) => l.item.length));
  return [
    `Cost model: one million submissions at AWS list prices (us-east-1, on-demand, no free tier), from ${result.options.submissions} counted submissions (${result.scored} scored in ${result.runSeconds} s)`,
    `  mix: ${result.mix}; ${result.options.dashboards} dashboards watching the board`,
    ...model.lines.map(
      (l) =>
        `  ${l.item.padEnd(width)}  ${String(Math.round(l.quantity)).padStart(12)} ${l.unit.padEnd(20)} ${usd(l.usd).padStart(9)}  ${(l.share * 100).toFixed(1).padStart(5)} %`,
    ),
    `  total ${usd(model.totalUsd)} per million submissions — goal ≤ $${model.goalUsd}: ${model.meetsGoal ? 'met' : 'NOT met'}; dominated by ${model.dominant.join(', ')}`,
    `  Lambda by function: ${model.lambdaByFunction
      .slice(0, 5)
      .map((f) => `${f.fn} ${usd(f.usd)} (${Math.round(f.invocations)} calls)`)
      .join(', ')}`,
    `  DynamoDB per submission (costliest): ${result.dynamodbPerSubmission
      .slice(0, 6)
      .map((r) => `${r.label} ${r.writeUnits > 0 ? `${r.writeUnits} WRU` : `${r.readUnits} RRU`}`)
      .join(', ')}`,
    `  SQS per submission: ${result.sqsPerSubmission.map((r) => `${r.label.replace('scorecast-', '')} ${r.requests}`).join(', ')}`,
  ].join('\n');
}
