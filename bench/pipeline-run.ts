// The pipeline bench's warm-up and measured run (bench/pipeline.ts; bench/README.md §3): N
// submissions over real HTTP with bounded concurrency while a poller watches the leaderboard, then
// a drain (every submission terminal, every queue empty) and the analysis (bench/pipeline-analysis.ts).
import os from 'node:os';
import type { BoardEntry } from '#shared/leaderboard/ranking.ts';
import { analyse, type BoardSnapshot, type PipelineRun } from './pipeline-analysis.ts';
import { QUEUE_DELAY_SECONDS } from './pipeline-counts.ts';
import type { EngineTraffic } from './pipeline-traffic.ts';
import {
  type BenchAgent,
  deadLettered,
  type Json,
  listAll,
  queueDepth,
  type Session,
  type SubmitRecord,
  sleep,
  submitAll,
  terminal,
} from './pipeline-session.ts';
import { TENANT } from './pipeline-workload.ts';

export interface RunPlan {
  submissions: number;
  agents: readonly BenchAgent[];
  concurrency: number;
  deadlineSeconds: number;
  boardPollMs: number;
}

/** Warm-up: every agent's key cached, the functions' environments started. Returns how many submissions it made. */
export async function warmUp(
  session: Session,
  plan: RunPlan & { warmupBenchmark: string; countBenchmark: string },
  progress: (line: string) => void,
): Promise<number> {
  const warmupCount = Math.max(plan.agents.length, 2 * plan.concurrency);
  progress(`pipeline: warm-up, ${warmupCount} submissions on a benchmark of their own…`);
  await submitAll(session, {
    benchmarkId: plan.warmupBenchmark,
    count: warmupCount,
    indexBase: 2_000_000,
    agents: plan.agents,
    concurrency: plan.concurrency,
  });
  // Everything before the run finishes first: the counted calls' delayed submissions and the warm-up.
  for (const deadline = Date.now() + (QUEUE_DELAY_SECONDS + plan.deadlineSeconds) * 1000; ; ) {
    const warm = await listAll(session, plan.warmupBenchmark);
    const counted = await listAll(session, plan.countBenchmark);
    if ((await queueDepth(session)) === 0 && [...warm, ...counted].every((s: Json) => terminal(s.status))) break;
    if (Date.now() > deadline) throw new Error('the warm-up and counted submissions were not scored in time');
    await sleep(250);
  }
  return warmupCount;
}

async function readBoard(session: Session, benchmarkId: string): Promise<Map<string, BoardEntry> | undefined> {
  const answer = await session.api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard?limit=200`, session.viewer);
  if (answer.status !== 200) return undefined;
  const entries = new Map<string, BoardEntry>();
  for (const item of answer.json.items as Json[])
    entries.set(item.agent_id, {
      tenantId: TENANT,
      benchmarkId,
      version: answer.json.version,
      agentId: item.agent_id,
      submissionId: item.submission_id,
      score: item.score,
      publicScore: item.public_score ?? item.score,
      confidenceInterval: item.confidence_interval ?? null,
      stderr: item.stderr ?? null,
      achievedAt: item.achieved_at,
    });
  return entries;
}

/** Polls the board every `pollMs` until stopped; stop() adds one last answer and returns it. */
function watchBoard(session: Session, benchmarkId: string, pollMs: number) {
  const snapshots: BoardSnapshot[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const entries = await readBoard(session, benchmarkId).catch(() => undefined);
      if (entries) snapshots.push({ at: Date.now(), entries });
      await sleep(pollMs);
    }
  })();
  const stop = async (): Promise<Map<string, BoardEntry>> => {
    polling = false;
    await poller;
    const finalBoard = (await readBoard(session, benchmarkId)) ?? new Map<string, BoardEntry>();
    snapshots.push({ at: Date.now(), entries: finalBoard });
    return finalBoard;
  };
  return { snapshots, stop };
}

/** Waits until every accepted submission is terminal and every queue empty, or the deadline; returns the benchmark's submissions. */
async function drain(session: Session, benchmarkId: string, accepted: readonly SubmitRecord[], deadline: number): Promise<Json[]> {
  for (;;) {
    if ((await queueDepth(session)) === 0) {
      const final = await listAll(session, benchmarkId);
      const byId = new Map(final.map((s: Json) => [s.submission_id as string, s]));
      if (accepted.every((r) => terminal(byId.get(r.submissionId!)?.status ?? 'missing'))) return final;
    }
    if (Date.now() > deadline) return listAll(session, benchmarkId);
    await sleep(100);
  }
}

/** This process's load since `before`: main-thread event-loop utilisation and CPU cores used. */
function processUseSince(before: { elu: EventLoopUtilization; cpu: NodeJS.CpuUsage; wall: number }): PipelineRun['process'] {
  const elu = performance.eventLoopUtilization(before.elu).utilization;
  const cpu = process.cpuUsage(before.cpu);
  return {
    mainThreadEventLoopUtilization: Math.round(elu * 1000) / 1000,
    cpuCores: Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - before.wall)) * 100) / 100,
    cpuCount: os.cpus().length,
  };
}
type EventLoopUtilization = ReturnType<typeof performance.eventLoopUtilization>;

async function submitRun(session: Session, plan: RunPlan, benchmarkId: string, progress: (line: string) => void) {
  const runStarted = performance.now();
  const quarter = Math.max(1, Math.floor(plan.submissions / 4));
  const records = await submitAll(session, {
    benchmarkId,
    count: plan.submissions,
    indexBase: 0,
    agents: plan.agents,
    concurrency: plan.concurrency,
    onAnswered: (done) => {
      if (done % quarter === 0 && done < plan.submissions) progress(`pipeline: ${done}/${plan.submissions} answered…`);
    },
  });
  const submitMs = performance.now() - runStarted;
  const accepted = records.filter((r) => r.status === 202 && r.submissionId);
  progress(`pipeline: ${accepted.length} accepted in ${(submitMs / 1000).toFixed(1)} s; draining…`);
  return { records, accepted, submitMs };
}

/** The measured run on `benchmarkId`; `logLines()` reads how many function log lines the twin has printed so far. */
export async function runPipeline(
  session: Session,
  traffic: EngineTraffic,
  input: RunPlan & { benchmarkId: string; logLines: () => number },
  progress: (line: string) => void,
): Promise<PipelineRun> {
  progress(`pipeline: ${input.submissions} submissions, ${input.agents.length} agents, concurrency ${input.concurrency}…`);
  const deadLetteredBefore = await deadLettered(session);
  const window = traffic.open();
  const logLinesBefore = input.logLines();
  const before = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), wall: performance.now() };
  const board = watchBoard(session, input.benchmarkId, input.boardPollMs);
  const { records, accepted, submitMs } = await submitRun(session, input, input.benchmarkId, progress);
  const lastAcceptedMs = Date.now();
  const final = await drain(session, input.benchmarkId, accepted, lastAcceptedMs + input.deadlineSeconds * 1000);
  const drainMs = Date.now() - lastAcceptedMs;
  const finalBoard = await board.stop();
  const runRequests = window.close();
  const runLogLines = input.logLines() - logLinesBefore;
  const deadLetteredAfter = await deadLettered(session);
  const processUse = processUseSince(before);
  progress(`pipeline: drained in ${(drainMs / 1000).toFixed(1)} s`);
  const run = analyse({
    deadlineSeconds: input.deadlineSeconds,
    records,
    accepted,
    final,
    finalBoard,
    snapshots: board.snapshots,
    submitMs,
    drainMs,
    runRequests,
    runLogLines,
    processUse,
  });
  run.deadLettered = Object.fromEntries(session.queueNames.map((name) => [name, (deadLetteredAfter[name] ?? 0) - (deadLetteredBefore[name] ?? 0)]));
  return run;
}
