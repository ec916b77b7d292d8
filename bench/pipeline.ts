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
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Twin } from '#infra/local/twin.ts';
import { REGION } from '#infra/local/aws-env.ts';
import { preferred, rankKey, type BoardEntry, type LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { measureFloors, type FloorResult } from './pipeline-floors.ts';
import { latencyStats, type LatencyStats } from './pipeline-stats.ts';
import { countBy, EngineTraffic, type EngineRequest } from './pipeline-traffic.ts';
import { seededRandom } from './seeded-random.ts';

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

export type Caller = 'agent key' | 'viewer JWT';
export type AuthorizerState = 'fresh' | 'cached';

export interface RequestCountRow {
  operation: string;
  caller: Caller;
  /** fresh: an Authorization header the gateway has not seen (the authorizer runs); cached: its answer is reused. */
  authorizer: AuthorizerState;
  /** HTTP status of each measured repetition. */
  status: number[];
  /** Client-side latency of each measured repetition (one call alone on the warm twin), ms. */
  ms: number[];
  /** DynamoDB requests of each measured repetition. */
  dynamodb: number[];
  /** The DynamoDB requests of the first measured repetition, in arrival order (`GetItem APIKEY`, …). */
  labels: string[];
  /** SQS requests (other than the pollers' receive/delete) of each repetition. */
  sqs: number[];
  sqsLabels: string[];
  /** The least number of DynamoDB requests the key design allows (see `reason` and bench/README.md). */
  minimum: number;
  reason: string;
  /** Repetitions in which a scoring worker's request (UpdateItem SUB, PutItem BOARD) fell in the window. */
  contaminated: number;
}

export interface PipelineRun {
  submitted: number;
  accepted: number;
  /** Non-202 answers by status (and `error` for a failed request). */
  refused: Record<string, number>;
  /** Client-side: request sent → 202 and body received. */
  httpAcceptMs: LatencyStats;
  /** Server-side, from the submission's transitions: `queued` at → `scored` at. */
  acceptedToScoredMs: LatencyStats;
  /** `queued` → the last `scoring` (queue, poller, batch, worker start). */
  queueWaitMs: LatencyStats;
  /** The last `scoring` → `scored` (scoring and the update). */
  scoringMs: LatencyStats;
  /** `queued` → the first board poll, answered after `scored`, whose entry for the agent is this submission or a better one. */
  acceptedToOnBoardMs: LatencyStats;
  /** Scored submissions no poll showed on the board (0 expected). */
  notSeenOnBoard: number;
  boardPolls: number;
  /** Mean time between two board polls' answers. */
  boardPollIntervalMs: number;
  scored: number;
  failed: number;
  /** Neither scored nor failed when the drain ended. */
  pending: number;
  /** Accepted submissions not scored within deadlineSeconds of acceptance (goal 0). */
  notScoredWithinDeadline: number;
  /** Scored with the score the bench computed for its answers. */
  scoresAsExpected: number;
  /** Submissions scored more than once (a redelivery: more than one `scoring` transition). */
  rescoringAttempts: number;
  throughput: {
    /** First request sent → last 202 received. */
    submitSeconds: number;
    acceptedPerSecond: number;
    /** First `queued` → last `scored`. */
    scoringSpanSeconds: number;
    scoredPerSecond: number;
  };
  /** Last 202 → every submission terminal and every declared queue empty. */
  drainMs: number;
  /** Messages that reached each queue's DLQ during the run (still there when it ended; goal 0). */
  deadLettered: Record<string, number>;
  board: { equalsRecount: boolean; entries: number; expectedEntries: number; mismatches: string[] };
  /** Every engine request from the first submission to the end of the drain (scoring, board polls, sweeper included). */
  dynamodb: {
    requests: number;
    perAccepted: number;
    byLabel: Record<string, number>;
    /** Engine-side time of each request (reached dynalite → response finished), ms, by operation and all together. */
    engineMs: Record<string, LatencyStats>;
  };
  /** This process during the run (first submission → drained): the twin's main thread runs the gateway, dynalite, fauxqs, the pollers and the bench's own HTTP client. */
  process: {
    /** Event-loop utilisation of the main thread (0–1): near 1 means it is the bottleneck. */
    mainThreadEventLoopUtilization: number;
    /** CPU time of the whole process (main thread and every function's worker thread) ÷ wall time, in cores. */
    cpuCores: number;
    cpuCount: number;
  };
  sqs: { byOperation: Record<string, number> };
  functionLogLinesPerSubmission: number;
}

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

// ---------------------------------------------------------------------------------------------
// The benchmark the agents answer: six tasks, every scorer, one weighted 2 (total weight 7).
// ---------------------------------------------------------------------------------------------

const TASKS = [
  { task_id: 'greet', input: 'Say hi', expected: 'hi', scorer: { type: 'exact' } },
  { task_id: 'capital', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } },
  { task_id: 'third', input: '1/3 to 2 places', expected: 0.33, scorer: { type: 'numeric', tolerance: 0.01 }, weight: 2 },
  { task_id: 'date', input: 'An ISO date', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { task_id: 'colours', input: 'Name two colours', expected: null, scorer: { type: 'contains', values: ['red', 'blue'] } },
  { task_id: 'point', input: 'A point', expected: { x: 1, y: [2, 3] }, scorer: { type: 'json_equal' } },
] as const;
const RIGHT: Record<string, unknown> = {
  greet: 'hi',
  capital: ' PARIS ',
  third: '0.334',
  date: '2026-11-21',
  colours: 'blue and red',
  point: { y: [2, 3], x: 1 },
};
const WRONG: Record<string, unknown> = { greet: 'hello', capital: 'Lyon', third: '0.5', date: 'yesterday', colours: 'green', point: { x: 2 } };
const CORRECT_PROBABILITY = 0.6;
const RULE: LeaderboardRule = 'best';
const TENANT = 'benchpipe';
const QUEUE_DELAY_SECONDS = 5;
/** Mutations one principal may make per minute: far above what the bench makes. */
const SETTINGS = { RATE_LIMIT_WRITE_PER_MINUTE: '1000000' };

function answersFor(index: number): { answers: { task_id: string; output: unknown }[]; expectedScore: number } {
  const next = seededRandom(index + 1); // every run submits the same answers
  let earned = 0;
  let total = 0;
  const answers = TASKS.map((task) => {
    const right = next() < CORRECT_PROBABILITY;
    const weight = 'weight' in task ? task.weight : 1;
    total += weight;
    if (right) earned += weight;
    return { task_id: task.task_id, output: right ? RIGHT[task.task_id] : WRONG[task.task_id] };
  });
  return { answers, expectedScore: Math.round((earned / total) * 1e6) / 1e6 };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read field by field
type Json = any;
interface Answer {
  status: number;
  json: Json;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(baseUrl: string) {
  return async (method: string, urlPath: string, credential: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${credential}`,
        'x-correlation-id': 'bench-pipeline',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, json };
  };
}

function expectStatus(answer: Answer, status: number, what: string): Json {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status} (expected ${status}): ${JSON.stringify(answer.json).slice(0, 500)}`);
  return answer.json;
}

// ---------------------------------------------------------------------------------------------
// The measurement
// ---------------------------------------------------------------------------------------------

/** Labels only the scoring worker produces: their presence in a call's window means it was not isolated. */
const SCORING_LABELS = new Set(['UpdateItem SUB', 'PutItem BOARD']);
/** The twin's SQS pollers receive and delete all the time; they are not the call's requests. */
const POLLER_SQS_OPERATIONS = new Set([
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
]);

interface SubmitRecord {
  index: number;
  agentId: string;
  status: number;
  submissionId?: string;
  queuedAtMs?: number;
  sentMs: number;
  latencyMs: number;
  expectedScore: number;
}

export async function measurePipeline(input: Partial<PipelineOptions> = {}): Promise<PipelineResult> {
  const options = { ...PIPELINE_DEFAULTS, ...input };
  const progress = input.onProgress ?? (() => undefined);
  const { startTwin } = await import('#infra/local/twin.ts');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-pipeline-'));
  const savedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')));
  const traffic = new EngineTraffic();
  let functionLogLines = 0;
  let warnOrErrorLogLines = 0;
  const logTail: string[] = [];
  let twin: Twin | undefined;
  let sqs: SQSClient | undefined;

  traffic.subscribe();
  try {
    const twinStarted = performance.now();
    twin = await startTwin({
      stateDir,
      httpPort: 0,
      wsPort: 0,
      issuerPort: 0,
      lambdaPort: 0,
      settings: SETTINGS,
      onLog: (fn, line) => {
        functionLogLines += 1;
        if (/"level":"(WARN|ERROR|CRITICAL)"/.test(line) || /^\s*(Error|TypeError|RangeError)\b/.test(line)) {
          warnOrErrorLogLines += 1;
          logTail.push(`[${fn}] ${line}`.slice(0, 400));
          if (logTail.length > 10) logTail.shift();
        }
      },
    });
    const twinStartMs = Math.round(performance.now() - twinStarted);
    const activeTwin = twin;
    traffic.watch(twin.engines);
    progress(`pipeline: twin started in ${(twinStartMs / 1000).toFixed(1)} s`);

    const api = client(twin.httpUrl);
    const mint = (role: string, sub: string) => activeTwin.issuer.mint({ tenant: TENANT, roles: [role], sub });
    const maintainer = mint('maintainer', `${TENANT}-maintainer`);
    const viewer = mint('viewer', `${TENANT}-viewer`);
    sqs = new SQSClient({
      region: REGION,
      endpoint: twin.engines.sqsEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const scoringQueueUrl = twin.engines.queueUrl('scoring');

    // --- setup: three benchmarks (counted calls, warm-up, the measured run) and the agents ----
    const newBenchmark = async (name: string) =>
      expectStatus(
        await api('POST', '/v1/benchmarks', maintainer, { name, tasks: TASKS, leaderboard_rule: RULE, daily_submission_limit: 10_000 }),
        201,
        'POST /v1/benchmarks',
      ).benchmark_id as string;
    const countBenchmark = await newBenchmark('bench: counted calls');
    const warmupBenchmark = await newBenchmark('bench: warm-up');
    const runBenchmark = await newBenchmark('bench: pipeline');
    const newAgent = async (name: string) => {
      const agent = expectStatus(await api('POST', '/v1/agents', maintainer, { name }), 201, 'POST /v1/agents');
      return { agentId: agent.agent_id as string, key: agent.api_key as string };
    };
    const agents: { agentId: string; key: string }[] = [];
    for (let i = 0; i < options.agents; i++) agents.push(await newAgent(`bench-agent-${i}`));
    progress(`pipeline: ${options.agents} agents and 3 benchmarks created`);

    // --- 1. bare floors, on the idle twin ---------------------------------------------------
    progress(`pipeline: bare floors, ${options.floorSamples} calls each…`);
    const floorWindow = traffic.open();
    const floors = await measureFloors(twin.engines, { samples: options.floorSamples, warmup: 20 });
    const floorEngineMs = engineTimes(floorWindow.close());

    // --- 2. DynamoDB requests per API call -----------------------------------------------------
    progress(`pipeline: counting engine requests per API call (${options.repetitions} repetitions after a warm-up pass)…`);
    // Scoring would start while a create's window is still open (the message is sent before the
    // audit write): the scoring queue holds new messages back for a while during the counted calls.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: scoringQueueUrl, Attributes: { DelaySeconds: String(QUEUE_DELAY_SECONDS) } }));
    const rows = new Map<string, RequestCountRow>();
    const countedSubmissions: string[] = [];
    let countPhaseStarted = performance.now();
    try {
      for (let rep = 0; rep <= options.repetitions; rep++) {
        const measured = rep > 0;
        const agent = await newAgent(`bench-counted-${rep}`);
        const rotate = async () =>
          expectStatus(await api('POST', `/v1/agents/${agent.agentId}/keys`, maintainer, {}), 200, 'POST /v1/agents/{id}/keys').api_key as string;
        const measure = async (
          operation: string,
          caller: Caller,
          authorizer: AuthorizerState,
          minimum: number,
          reason: string,
          expected: number,
          call: () => Promise<Answer>,
        ): Promise<Json> => {
          const window = traffic.open();
          const callStarted = performance.now();
          const answer = await call();
          const callMs = performance.now() - callStarted;
          const requests = window.close();
          expectStatus(answer, expected, `${operation} (${caller}, ${authorizer})`);
          if (!measured) return answer.json;
          const key = `${operation}|${caller}|${authorizer}`;
          let row = rows.get(key);
          if (!row) {
            row = {
              operation,
              caller,
              authorizer,
              status: [],
              ms: [],
              dynamodb: [],
              labels: [],
              sqs: [],
              sqsLabels: [],
              minimum,
              reason,
              contaminated: 0,
            };
            rows.set(key, row);
          }
          const dynamo = requests.filter((r) => r.engine === 'dynamodb');
          const queue = requests.filter((r) => r.engine === 'sqs' && !POLLER_SQS_OPERATIONS.has(r.operation));
          row.status.push(answer.status);
          row.ms.push(Math.round(callMs * 10) / 10);
          row.dynamodb.push(dynamo.length);
          row.sqs.push(queue.length);
          if (row.labels.length === 0) row.labels = dynamo.map((r) => r.label);
          if (row.sqsLabels.length === 0) row.sqsLabels = queue.map((r) => r.operation);
          if (dynamo.some((r) => SCORING_LABELS.has(r.label))) row.contaminated += 1;
          return answer.json;
        };
        const submissionsPath = `/v1/benchmarks/${countBenchmark}/submissions`;
        const { answers } = answersFor(1_000_000 + rep);
        const spans = (count: number, prefix: string) =>
          Array.from({ length: count }, (_, i) => ({
            span_id: `${prefix}-${i}`,
            parent_span_id: i === 0 ? null : `${prefix}-0`,
            name: i === 0 ? 'agent run' : `llm call ${i}`,
            kind: i === 0 ? 'agent' : 'llm',
            started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
            ended_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 1)).toISOString(),
            status: 'ok',
            attributes: { model: 'bench-model', step: i },
            input_tokens: 100 + i,
            output_tokens: 20 + i,
            cost_usd: 0.001,
          }));

        // create submission: the agent's key is new to the gateway, then cached.
        const createReason =
          'RATE add + BENCH get + AGENT get (beside it: a revoked agent writes nothing) + VERSION get (the benchmark names its current version) + QUOTA add + SUB put + AUDIT put';
        const created = await measure('create submission', 'agent key', 'fresh', 8, `APIKEY get (authorizer) + ${createReason}`, 202, () =>
          api('POST', submissionsPath, agent.key, { answers }),
        );
        const submissionId = created.submission_id as string;
        countedSubmissions.push(submissionId);
        countedSubmissions.push(
          (
            await measure('create submission', 'agent key', 'cached', 7, createReason, 202, () =>
              api('POST', submissionsPath, agent.key, { answers }),
            )
          ).submission_id as string,
        );
        countedSubmissions.push(
          (
            await measure(
              'create submission with Idempotency-Key',
              'agent key',
              'cached',
              9,
              `${createReason} + IDEMP put (claim, conditional) + IDEMP update (the stored response)`,
              202,
              () => api('POST', submissionsPath, agent.key, { answers }, { 'idempotency-key': `bench-${rep}-${Date.now()}` }),
            )
          ).submission_id as string,
        );

        // get submission
        const submissionPath = `/v1/submissions/${submissionId}`;
        await measure('get submission', 'agent key', 'cached', 1, 'SUB get (one consistent GetItem; ownership is checked on the item)', 200, () =>
          api('GET', submissionPath, agent.key),
        );
        const key1 = await rotate();
        await measure('get submission', 'agent key', 'fresh', 2, 'APIKEY get (authorizer) + SUB get', 200, () => api('GET', submissionPath, key1));
        const freshViewer = mint('viewer', `${TENANT}-viewer-${rep}-${Date.now()}`);
        await measure('get submission', 'viewer JWT', 'fresh', 1, 'SUB get (the authorizer verifies a JWT without the table)', 200, () =>
          api('GET', submissionPath, freshViewer),
        );
        await measure('get submission', 'viewer JWT', 'cached', 1, 'SUB get', 200, () => api('GET', submissionPath, freshViewer));

        // leaderboard page
        const boardPath = `/v1/benchmarks/${countBenchmark}/leaderboard`;
        const boardReason = 'BENCH get (current version, rule; the board key holds the version) + Query GSI1 (the board in rank order)';
        await measure('leaderboard page', 'agent key', 'cached', 2, boardReason, 200, () => api('GET', boardPath, key1));
        const key2 = await rotate();
        await measure('leaderboard page', 'agent key', 'fresh', 3, `APIKEY get (authorizer) + ${boardReason}`, 200, () =>
          api('GET', boardPath, key2),
        );
        await measure('leaderboard page', 'viewer JWT', 'cached', 2, boardReason, 200, () => api('GET', boardPath, freshViewer));

        // append trace
        const tracePath = `/v1/submissions/${submissionId}/traces`;
        const traceReason = (batches: number) =>
          `RATE add + SUB get (ownership) + AGENT get (beside it: a revoked agent writes nothing) + ${batches} BatchWriteItem (25 spans each) + AUDIT put`;
        await measure('append trace (10 spans)', 'agent key', 'cached', 5, traceReason(1), 200, () =>
          api('POST', tracePath, key2, { spans: spans(10, `r${rep}a`) }),
        );
        const key3 = await rotate();
        await measure('append trace (10 spans)', 'agent key', 'fresh', 6, `APIKEY get (authorizer) + ${traceReason(1)}`, 200, () =>
          api('POST', tracePath, key3, { spans: spans(10, `r${rep}b`) }),
        );
        await measure('append trace (100 spans)', 'agent key', 'cached', 8, traceReason(4), 200, () =>
          api('POST', tracePath, key3, { spans: spans(100, `r${rep}c`) }),
        );
        if (rep === 0) countPhaseStarted = performance.now();
      }
    } finally {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: scoringQueueUrl, Attributes: { DelaySeconds: '0' } }));
    }
    progress(`pipeline: counted ${rows.size} calls × ${options.repetitions} in ${((performance.now() - countPhaseStarted) / 1000).toFixed(1)} s`);

    // --- warm-up: every agent's key cached, the functions' environments started ----------------
    // Messages anywhere in the declared queues (visible, in flight or delayed): 0 once every
    // consumer — the scoring worker and whatever else a scored submission sets off — is done.
    const depthOf = async (queueUrl: string) => {
      const { Attributes = {} } = await sqs!.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      return (
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
      );
    };
    const queueNames = activeTwin.engines.queueNames();
    const queueDepth = async () =>
      (await Promise.all(queueNames.map((name) => depthOf(activeTwin.engines.queueUrl(name))))).reduce((a, b) => a + b, 0);
    const deadLettered = async () =>
      Object.fromEntries(
        await Promise.all(queueNames.map(async (name) => [name, await depthOf(activeTwin.engines.deadLetterQueueUrl(name))] as const)),
      );
    const listAll = async (benchmarkId: string): Promise<Json[]> => {
      const items: Json[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = expectStatus(
          await api('GET', `/v1/benchmarks/${benchmarkId}/submissions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, viewer),
          200,
          'GET submissions',
        );
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return items;
    };
    const terminal = (status: string) => status === 'scored' || status === 'failed' || status === 'cancelled';

    const submitAll = async (benchmarkId: string, count: number, indexBase: number, onAccepted?: (done: number) => void): Promise<SubmitRecord[]> => {
      const records: SubmitRecord[] = [];
      let next = 0;
      let done = 0;
      await Promise.all(
        Array.from({ length: Math.min(options.concurrency, count) }, async () => {
          for (;;) {
            const index = next++;
            if (index >= count) return;
            const agent = agents[index % agents.length]!;
            const { answers, expectedScore } = answersFor(indexBase + index);
            const sentMs = Date.now();
            const t0 = performance.now();
            let answer: Answer;
            try {
              answer = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.key, { answers });
            } catch {
              answer = { status: 0, json: undefined };
            }
            const latencyMs = performance.now() - t0;
            const queuedAt = answer.status === 202 ? (answer.json?.transitions?.[0]?.at as string | undefined) : undefined;
            records.push({
              index,
              agentId: agent.agentId,
              status: answer.status,
              submissionId: answer.status === 202 ? (answer.json?.submission_id as string) : undefined,
              queuedAtMs: queuedAt ? Date.parse(queuedAt) : undefined,
              sentMs,
              latencyMs,
              expectedScore,
            });
            onAccepted?.(++done);
          }
        }),
      );
      return records.sort((a, b) => a.index - b.index);
    };

    const warmupCount = Math.max(options.agents, 2 * options.concurrency);
    progress(`pipeline: warm-up, ${warmupCount} submissions on a benchmark of their own…`);
    await submitAll(warmupBenchmark, warmupCount, 2_000_000);
    // Everything before the run finishes first: the counted calls' delayed submissions and the warm-up.
    for (const deadline = Date.now() + (QUEUE_DELAY_SECONDS + options.deadlineSeconds) * 1000; ; ) {
      const warm = await listAll(warmupBenchmark);
      const counted = await listAll(countBenchmark);
      if ((await queueDepth()) === 0 && [...warm, ...counted].every((s: Json) => terminal(s.status))) break;
      if (Date.now() > deadline) throw new Error('the warm-up and counted submissions were not scored in time');
      await sleep(250);
    }

    // The scoring worker's share of one submission, on the idle twin: everything from the POST
    // until the scoring queue is empty again (the poller deletes a message after the worker
    // returns), less the create's own requests (the same six every time, counted above).
    const createRow = rows.get('create submission|agent key|cached');
    if (createRow) {
      for (let rep = 0; rep < options.repetitions; rep++) {
        const agent = agents[rep % agents.length]!;
        const scoringWindow = traffic.open();
        const callStarted = performance.now();
        expectStatus(
          await api('POST', `/v1/benchmarks/${countBenchmark}/submissions`, agent.key, { answers: answersFor(3_000_000 + rep).answers }),
          202,
          'POST submissions',
        );
        for (const deadline = Date.now() + options.deadlineSeconds * 1000; (await queueDepth()) > 0; ) {
          if (Date.now() > deadline) throw new Error('a counted submission was not scored in time');
          await sleep(5);
        }
        const callMs = performance.now() - callStarted;
        const all = scoringWindow.close().filter((r) => r.engine === 'dynamodb');
        const rest = [...all];
        for (const label of createRow.labels) {
          const at = rest.findIndex((r) => r.label === label);
          if (at >= 0) rest.splice(at, 1);
        }
        const key = 'score one submission (queue → board, all consumers)|agent key|cached';
        let row = rows.get(key);
        if (!row) {
          row = {
            operation: 'score one submission (queue → board, all consumers)',
            caller: 'agent key',
            authorizer: 'cached',
            status: [],
            ms: [],
            dynamodb: [],
            labels: [],
            sqs: [],
            sqsLabels: [],
            minimum: 5,
            reason:
              'UpdateItem SUB (→ scoring; conditional, returns the item) + GetItem VERSION + UpdateItem SUB (→ scored) + GetItem BENCH (the rule) + PutItem BOARD (conditional)',
            contaminated: 0,
          };
          rows.set(key, row);
        }
        row.status.push(202);
        row.ms.push(Math.round(callMs * 10) / 10);
        row.dynamodb.push(rest.length);
        if (row.labels.length === 0) row.labels = rest.map((r) => r.label);
        if (all.length - rest.length !== createRow.labels.length) row.contaminated += 1;
      }
    }

    // --- 3. the pipeline ------------------------------------------------------------------------
    progress(`pipeline: ${options.submissions} submissions, ${options.agents} agents, concurrency ${options.concurrency}…`);
    const deadLetteredBefore = await deadLettered();
    const window = traffic.open();
    const logLinesBefore = functionLogLines;
    const eluBefore = performance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const snapshots: { at: number; entries: Map<string, BoardEntry> }[] = [];
    let polling = true;
    const boardPath = `/v1/benchmarks/${runBenchmark}/leaderboard?limit=200`;
    const readBoard = async (): Promise<Map<string, BoardEntry> | undefined> => {
      const answer = await api('GET', boardPath, viewer);
      if (answer.status !== 200) return undefined;
      const entries = new Map<string, BoardEntry>();
      for (const item of answer.json.items as Json[])
        entries.set(item.agent_id, {
          tenantId: TENANT,
          benchmarkId: runBenchmark,
          version: answer.json.version,
          agentId: item.agent_id,
          submissionId: item.submission_id,
          score: item.score,
          achievedAt: item.achieved_at,
        });
      return entries;
    };
    const poller = (async () => {
      while (polling) {
        const entries = await readBoard().catch(() => undefined);
        if (entries) snapshots.push({ at: Date.now(), entries });
        await sleep(options.boardPollMs);
      }
    })();

    const runStarted = performance.now();
    const quarter = Math.max(1, Math.floor(options.submissions / 4));
    const records = await submitAll(runBenchmark, options.submissions, 0, (done) => {
      if (done % quarter === 0 && done < options.submissions) progress(`pipeline: ${done}/${options.submissions} answered…`);
    });
    const submitMs = performance.now() - runStarted;
    const accepted = records.filter((r) => r.status === 202 && r.submissionId);
    const lastAcceptedMs = Date.now();
    progress(`pipeline: ${accepted.length} accepted in ${(submitMs / 1000).toFixed(1)} s; draining…`);

    // Drain: every accepted submission terminal and every queue empty, or the deadline.
    let final: Json[] = [];
    const drainDeadline = lastAcceptedMs + options.deadlineSeconds * 1000;
    for (;;) {
      if ((await queueDepth()) === 0) {
        final = await listAll(runBenchmark);
        const byId = new Map(final.map((s: Json) => [s.submission_id as string, s]));
        if (accepted.every((r) => terminal(byId.get(r.submissionId!)?.status ?? 'missing'))) break;
      }
      if (Date.now() > drainDeadline) {
        final = await listAll(runBenchmark);
        break;
      }
      await sleep(100);
    }
    const drainMs = Date.now() - lastAcceptedMs;
    polling = false;
    await poller;
    const finalBoard = (await readBoard()) ?? new Map<string, BoardEntry>();
    snapshots.push({ at: Date.now(), entries: finalBoard });
    const runRequests = window.close();
    const runLogLines = functionLogLines - logLinesBefore;
    const deadLetteredAfter = await deadLettered();
    const deadLetteredDuringRun = Object.fromEntries(
      queueNames.map((name) => [name, (deadLetteredAfter[name] ?? 0) - (deadLetteredBefore[name] ?? 0)]),
    );
    const elu = performance.eventLoopUtilization(eluBefore).utilization;
    const cpu = process.cpuUsage(cpuBefore);
    const processUse = {
      mainThreadEventLoopUtilization: Math.round(elu * 1000) / 1000,
      cpuCores: Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100) / 100,
      cpuCount: os.cpus().length,
    };
    progress(`pipeline: drained in ${(drainMs / 1000).toFixed(1)} s`);

    const run = analyse({
      options,
      records,
      accepted,
      final,
      finalBoard,
      snapshots,
      submitMs,
      drainMs,
      runRequests,
      runLogLines,
      processUse,
    });
    run.deadLettered = deadLetteredDuringRun;

    return {
      options: {
        submissions: options.submissions,
        agents: options.agents,
        concurrency: options.concurrency,
        deadlineSeconds: options.deadlineSeconds,
        floorSamples: options.floorSamples,
        repetitions: options.repetitions,
        boardPollMs: options.boardPollMs,
        warmupSubmissions: warmupCount,
        leaderboardRule: RULE,
        tasks: TASKS.length,
        correctProbability: CORRECT_PROBABILITY,
        settings: SETTINGS,
      },
      twinStartMs,
      floors,
      floorEngineMs,
      requestCounts: { repetitions: options.repetitions, queueDelaySeconds: QUEUE_DELAY_SECONDS, rows: [...rows.values()] },
      run,
      functionLogLines,
      warnOrErrorLogLines,
      logTail,
      durationMs: 0,
    };
  } finally {
    traffic.unsubscribe();
    sqs?.destroy();
    if (twin) {
      progress('pipeline: stopping the twin…');
      await twin.stop();
    }
    rmSync(stateDir, { recursive: true, force: true });
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && !(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------

interface AnalysisInput {
  options: Omit<PipelineOptions, 'onProgress'>;
  records: SubmitRecord[];
  accepted: SubmitRecord[];
  /** Every submission of the run's benchmark as the API lists it at the end. */
  final: Json[];
  finalBoard: Map<string, BoardEntry>;
  snapshots: { at: number; entries: Map<string, BoardEntry> }[];
  submitMs: number;
  drainMs: number;
  runRequests: EngineRequest[];
  runLogLines: number;
  processUse: PipelineRun['process'];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function analyse(input: AnalysisInput): PipelineRun {
  const { options, records, accepted, final, finalBoard, snapshots } = input;
  const byId = new Map<string, Json>(final.map((s: Json) => [s.submission_id as string, s]));
  const refused: Record<string, number> = {};
  for (const r of records)
    if (r.status !== 202) refused[r.status === 0 ? 'error' : String(r.status)] = (refused[r.status === 0 ? 'error' : String(r.status)] ?? 0) + 1;

  const toScored: number[] = [];
  const queueWait: number[] = [];
  const scoring: number[] = [];
  const onBoard: number[] = [];
  let scored = 0;
  let failed = 0;
  let pending = 0;
  let late = 0;
  let asExpected = 0;
  let rescoring = 0;
  let notSeenOnBoard = 0;
  let firstQueued = Infinity;
  let lastScored = -Infinity;
  const scoredEntries: BoardEntry[] = [];

  for (const record of accepted) {
    const submission = byId.get(record.submissionId!);
    const transitions: { status: string; at: string }[] = submission?.transitions ?? [];
    const queuedAt = Date.parse(transitions.find((t) => t.status === 'queued')?.at ?? '') || record.queuedAtMs!;
    firstQueued = Math.min(firstQueued, queuedAt);
    const scoringSteps = transitions.filter((t) => t.status === 'scoring');
    if (scoringSteps.length > 1) rescoring += 1;
    const scoredStep = transitions.find((t) => t.status === 'scored');
    if (!submission || submission.status === 'queued' || submission.status === 'scoring') pending += 1;
    if (submission?.status === 'failed') failed += 1;
    if (!scoredStep || submission.status !== 'scored') {
      late += 1;
      continue;
    }
    scored += 1;
    const scoredAt = Date.parse(scoredStep.at);
    lastScored = Math.max(lastScored, scoredAt);
    const total = scoredAt - queuedAt;
    toScored.push(total);
    if (total > options.deadlineSeconds * 1000) late += 1;
    const lastScoring = scoringSteps.at(-1);
    if (lastScoring) {
      queueWait.push(Date.parse(lastScoring.at) - queuedAt);
      scoring.push(scoredAt - Date.parse(lastScoring.at));
    }
    if (Math.abs(submission.score - record.expectedScore) < 1e-9) asExpected += 1;

    const entry: BoardEntry = {
      tenantId: TENANT,
      benchmarkId: submission.benchmark_id,
      version: submission.version,
      agentId: submission.agent_id,
      submissionId: submission.submission_id,
      score: submission.score,
      achievedAt: submission.created_at,
    };
    scoredEntries.push(entry);
    // The first board answer received after `scored` whose entry for the agent is this submission
    // or one the rule prefers.
    let lo = 0;
    let hi = snapshots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (snapshots[mid]!.at < scoredAt) lo = mid + 1;
      else hi = mid;
    }
    let seen: number | undefined;
    for (let i = lo; i < snapshots.length; i++) {
      const shown = snapshots[i]!.entries.get(entry.agentId);
      if (shown && (shown.submissionId === entry.submissionId || preferred(RULE, shown, entry) === shown)) {
        seen = snapshots[i]!.at;
        break;
      }
    }
    if (seen === undefined) notSeenOnBoard += 1;
    else onBoard.push(seen - queuedAt);
  }

  // The final board against a recount: per agent, the entry the rule prefers among its scored
  // submissions; ranks in rankKey order (higher score first, ties to the earlier).
  const expected = new Map<string, BoardEntry>();
  for (const entry of scoredEntries) {
    const current = expected.get(entry.agentId);
    expected.set(entry.agentId, current ? preferred(RULE, current, entry) : entry);
  }
  const mismatches: string[] = [];
  for (const [agentId, want] of expected) {
    const got = finalBoard.get(agentId);
    if (!got) mismatches.push(`${agentId}: missing from the board (expected ${want.submissionId}, ${want.score})`);
    else if (got.submissionId !== want.submissionId) {
      // Two submissions of one agent with the same score created in the same millisecond are equivalent.
      if (got.score !== want.score || got.achievedAt !== want.achievedAt)
        mismatches.push(
          `${agentId}: board has ${got.submissionId} (${got.score}, ${got.achievedAt}), recount ${want.submissionId} (${want.score}, ${want.achievedAt})`,
        );
    }
  }
  for (const agentId of finalBoard.keys()) if (!expected.has(agentId)) mismatches.push(`${agentId}: on the board without a scored submission`);
  const expectedOrder = [...expected.values()].sort((a, b) => (rankKey(a) < rankKey(b) ? -1 : rankKey(a) > rankKey(b) ? 1 : 0)).map((e) => e.agentId);
  const boardOrder = [...finalBoard.keys()];
  if (mismatches.length === 0 && expectedOrder.join() !== boardOrder.join())
    mismatches.push(`rank order differs: board ${boardOrder.join(',')} vs recount ${expectedOrder.join(',')}`);

  const dynamo = input.runRequests.filter((r) => r.engine === 'dynamodb');
  const queue = input.runRequests.filter((r) => r.engine === 'sqs');
  const intervals = snapshots.slice(1).map((s, i) => s.at - snapshots[i]!.at);
  const scoringSpanSeconds = lastScored > firstQueued ? (lastScored - firstQueued) / 1000 : NaN;

  return {
    submitted: records.length,
    accepted: accepted.length,
    refused,
    httpAcceptMs: latencyStats(accepted.map((r) => r.latencyMs)),
    acceptedToScoredMs: latencyStats(toScored),
    queueWaitMs: latencyStats(queueWait),
    scoringMs: latencyStats(scoring),
    acceptedToOnBoardMs: latencyStats(onBoard),
    notSeenOnBoard,
    boardPolls: snapshots.length,
    boardPollIntervalMs: intervals.length ? round1(intervals.reduce((a, b) => a + b, 0) / intervals.length) : NaN,
    scored,
    failed,
    pending,
    notScoredWithinDeadline: late,
    scoresAsExpected: asExpected,
    rescoringAttempts: rescoring,
    throughput: {
      submitSeconds: Math.round(input.submitMs / 10) / 100,
      acceptedPerSecond: round1(accepted.length / (input.submitMs / 1000)),
      scoringSpanSeconds: Math.round(scoringSpanSeconds * 100) / 100,
      scoredPerSecond: round1(scored / scoringSpanSeconds),
    },
    drainMs: input.drainMs,
    deadLettered: {},
    board: { equalsRecount: mismatches.length === 0, entries: finalBoard.size, expectedEntries: expected.size, mismatches: mismatches.slice(0, 10) },
    dynamodb: {
      requests: dynamo.length,
      perAccepted: accepted.length ? round1(dynamo.length / accepted.length) : NaN,
      byLabel: sortedCounts(countBy(dynamo, (r) => r.label)),
      engineMs: engineTimes(dynamo),
    },
    process: input.processUse,
    sqs: { byOperation: sortedCounts(countBy(queue, (r) => r.operation)) },
    functionLogLinesPerSubmission: accepted.length ? round1(input.runLogLines / accepted.length) : NaN,
  };
}

/** Engine-side times of DynamoDB requests by operation (`GetItem`…) and for `all`. */
export function engineTimes(requests: readonly EngineRequest[]): Record<string, LatencyStats> {
  const byOperation = new Map<string, number[]>([['all', []]]);
  for (const request of requests) {
    if (request.engine !== 'dynamodb' || request.engineMs === undefined) continue;
    byOperation.get('all')!.push(request.engineMs);
    if (!byOperation.has(request.operation)) byOperation.set(request.operation, []);
    byOperation.get(request.operation)!.push(request.engineMs);
  }
  return Object.fromEntries([...byOperation].map(([operation, values]) => [operation, latencyStats(values)]));
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}
