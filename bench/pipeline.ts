// The evaluation pipeline on the local twin, in one run (bench/README.md §3 explains each figure):
// 1. bare floors — the DynamoDB and SQS calls on the submission path, made directly with the SDK
//    against the twin's own engines (bench/pipeline-floors.ts);
// 2. requests per API call — every DynamoDB request the authorizer and the function make for one
//    create submission / get submission / leaderboard page / append trace, counted at the engine
//    (bench/pipeline-traffic.ts), next to the minimum the key design allows;
// 3. the pipeline — N submissions over real HTTP with bounded concurrency, each followed from its
//    202 to `scored` (its transitions) and onto the leaderboard (a poller watches the board), then a
//    drain and a recount of the final board from every scored submission.
// The twin runs in this process (ephemeral ports, temporary state directory, removed afterwards).
// The steps live beside this file: what is submitted (pipeline-workload.ts), the HTTP session
// (pipeline-session.ts), the counted calls (pipeline-counts.ts), the run (pipeline-run.ts) and its
// analysis (pipeline-analysis.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Twin } from '#infra/local/twin.ts';
import type { LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { engineTimes, type PipelineRun } from './pipeline-analysis.ts';
import { countRequests, countScoringShare, QUEUE_DELAY_SECONDS, type RequestCountRow } from './pipeline-counts.ts';
import { measureFloors, type FloorResult } from './pipeline-floors.ts';
import { openSession, newAgent, newBenchmark, type BenchAgent, type Session } from './pipeline-session.ts';
import type { LatencyStats } from './pipeline-stats.ts';
import { EngineTraffic } from './pipeline-traffic.ts';
import { runPipeline, warmUp } from './pipeline-run.ts';
import { CORRECT_PROBABILITY, RULE, SETTINGS, TASKS } from './pipeline-workload.ts';

export type { PipelineRun } from './pipeline-analysis.ts';
export type { AuthorizerState, Caller, RequestCountRow } from './pipeline-counts.ts';

export interface PipelineOptions {
  /** Submissions in the measured run (default 1,000). */
  submissions: number;
  /** Agents submitting, round-robin (default 20). */
  agents: number;
  /** Submissions in flight at once (default 16). */
  concurrency: number;
  /** A submission not scored this long after it was accepted counts as late (default 30 s). */
  deadlineSeconds: number;
  /** Timed calls per bare floor (default 300). */
  floorSamples: number;
  /** Measured repetitions of each counted API call (default 3, after one unmeasured warm-up pass). */
  repetitions: number;
  /** Pause between two leaderboard polls (default 50 ms). */
  boardPollMs: number;
  onProgress?: (line: string) => void;
}

export const PIPELINE_DEFAULTS: Omit<PipelineOptions, 'onProgress'> = {
  submissions: 1000,
  agents: 20,
  concurrency: 16,
  deadlineSeconds: 30,
  floorSamples: 300,
  repetitions: 3,
  boardPollMs: 50,
};

export interface PipelineResult {
  options: Omit<PipelineOptions, 'onProgress'> & {
    warmupSubmissions: number;
    leaderboardRule: LeaderboardRule;
    tasks: number;
    correctProbability: number;
    settings: Record<string, string>;
  };
  twinStartMs: number;
  floors: FloorResult;
  /** Engine-side time of the floors' DynamoDB requests (idle twin), by operation: what dynalite itself takes. */
  floorEngineMs: Record<string, LatencyStats>;
  requestCounts: { repetitions: number; queueDelaySeconds: number; rows: RequestCountRow[] };
  run: PipelineRun;
  functionLogLines: number;
  warnOrErrorLogLines: number;
  /** The last WARN/ERROR function log lines. */
  logTail: string[];
  durationMs: number;
}

/** The function log lines the twin printed, and the last WARN/ERROR ones. */
interface FunctionLogs {
  lines: number;
  warnOrError: number;
  tail: string[];
}

function countLog(logs: FunctionLogs, fn: string, line: string): void {
  logs.lines += 1;
  if (/"level":"(WARN|ERROR|CRITICAL)"/.test(line) || /^\s*(Error|TypeError|RangeError)\b/.test(line)) {
    logs.warnOrError += 1;
    logs.tail.push(`[${fn}] ${line}`.slice(0, 400));
    if (logs.tail.length > 10) logs.tail.shift();
  }
}

async function startBenchTwin(stateDir: string, logs: FunctionLogs): Promise<{ twin: Twin; twinStartMs: number }> {
  const { startTwin } = await import('#infra/local/twin.ts');
  const twinStarted = performance.now();
  const twin = await startTwin({
    stateDir,
    httpPort: 0,
    wsPort: 0,
    issuerPort: 0,
    lambdaPort: 0,
    settings: SETTINGS,
    onLog: (fn, line) => countLog(logs, fn, line),
  });
  return { twin, twinStartMs: Math.round(performance.now() - twinStarted) };
}

/** Three benchmarks (counted calls, warm-up, the measured run) and the agents. */
async function setUp(session: Session, agentCount: number, progress: (line: string) => void) {
  const countBenchmark = await newBenchmark(session, 'bench: counted calls');
  const warmupBenchmark = await newBenchmark(session, 'bench: warm-up');
  const runBenchmark = await newBenchmark(session, 'bench: pipeline');
  const agents: BenchAgent[] = [];
  for (let i = 0; i < agentCount; i++) agents.push(await newAgent(session, `bench-agent-${i}`));
  progress(`pipeline: ${agentCount} agents and 3 benchmarks created`);
  return { countBenchmark, warmupBenchmark, runBenchmark, agents };
}

type Options = Omit<PipelineOptions, 'onProgress'>;

/** The three steps on a started twin (the twin start itself is measured by the caller). */
async function measureOnTwin(session: Session, traffic: EngineTraffic, options: Options, logs: FunctionLogs, progress: (line: string) => void) {
  const { countBenchmark, warmupBenchmark, runBenchmark, agents } = await setUp(session, options.agents, progress);

  // 1. bare floors, on the idle twin
  progress(`pipeline: bare floors, ${options.floorSamples} calls each…`);
  const floorWindow = traffic.open();
  const floors = await measureFloors(session.twin.engines, { samples: options.floorSamples, warmup: 20 });
  const floorEngineMs = engineTimes(floorWindow.close());

  // 2. DynamoDB requests per API call; the warm-up; the scoring worker's share of one submission
  const rows = await countRequests(session, traffic, countBenchmark, options, progress);
  const plan = { ...options, agents };
  const warmupSubmissions = await warmUp(session, { ...plan, warmupBenchmark, countBenchmark }, progress);
  await countScoringShare(session, traffic, rows, { ...options, agents, benchmarkId: countBenchmark });

  // 3. the pipeline
  const run = await runPipeline(session, traffic, { ...plan, benchmarkId: runBenchmark, logLines: () => logs.lines }, progress);
  return { floors, floorEngineMs, rows, warmupSubmissions, run };
}

export async function measurePipeline(input: Partial<PipelineOptions> = {}): Promise<PipelineResult> {
  const { onProgress, ...given } = input;
  const options: Options = { ...PIPELINE_DEFAULTS, ...given };
  const progress = onProgress ?? (() => undefined);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-pipeline-'));
  const savedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')));
  const traffic = new EngineTraffic();
  const logs: FunctionLogs = { lines: 0, warnOrError: 0, tail: [] };
  let twin: Twin | undefined;
  let session: Session | undefined;

  traffic.subscribe();
  try {
    const started = await startBenchTwin(stateDir, logs);
    twin = started.twin;
    traffic.watch(twin.engines);
    progress(`pipeline: twin started in ${(started.twinStartMs / 1000).toFixed(1)} s`);
    session = openSession(twin);
    const measured = await measureOnTwin(session, traffic, options, logs, progress);
    return {
      options: {
        submissions: options.submissions,
        agents: options.agents,
        concurrency: options.concurrency,
        deadlineSeconds: options.deadlineSeconds,
        floorSamples: options.floorSamples,
        repetitions: options.repetitions,
        boardPollMs: options.boardPollMs,
        warmupSubmissions: measured.warmupSubmissions,
        leaderboardRule: RULE,
        tasks: TASKS.length,
        correctProbability: CORRECT_PROBABILITY,
        settings: SETTINGS,
      },
      twinStartMs: started.twinStartMs,
      floors: measured.floors,
      floorEngineMs: measured.floorEngineMs,
      requestCounts: { repetitions: options.repetitions, queueDelaySeconds: QUEUE_DELAY_SECONDS, rows: [...measured.rows.values()] },
      run: measured.run,
      functionLogLines: logs.lines,
      warnOrErrorLogLines: logs.warnOrError,
      logTail: logs.tail,
      durationMs: 0,
    };
  } finally {
    traffic.unsubscribe();
    session?.sqs.destroy();
    if (twin) {
      progress('pipeline: stopping the twin…');
      await twin.stop();
    }
    rmSync(stateDir, { recursive: true, force: true });
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && !(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}
