// Requests per API call, the pipeline bench's second step (bench/pipeline.ts; bench/README.md §3):
// every DynamoDB (and non-poller SQS) request the authorizer and the function make for one create
// submission / get submission / leaderboard page / append trace, counted at the engine in a window
// around the call alone, next to the minimum the key design allows; then the scoring worker's
// share of one submission. One unmeasured warm-up pass, then `repetitions` measured ones.
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { EngineRequest, EngineTraffic } from './pipeline-traffic.ts';
import { type Answer, type BenchAgent, expectStatus, type Json, newAgent, queueDepth, type Session, sleep } from './pipeline-session.ts';
import { answersFor, TENANT, traceSpans } from './pipeline-workload.ts';

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

/** How long the scoring queue holds new messages back while the calls are counted. */
export const QUEUE_DELAY_SECONDS = 5;
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
const CREATE_REASON =
  'RATE add + BENCH get + AGENT get (beside it: a revoked agent writes nothing) + VERSION get (the benchmark names its current version) + QUOTA add + SUB put + AUDIT put';
const BOARD_REASON = 'BENCH get (current version, rule; the board key holds the version) + Query GSI1 (the board in rank order)';
const TRACE_REASON =
  'RATE add + SUB get (ownership) + AGENT get (beside it: a revoked agent writes nothing) + BatchWriteItem (the append: one item of packed spans, up to ~300 KB of them) + AUDIT put';
const SCORING_OPERATION = 'score one submission (queue → board, all consumers)';
const SCORING_REASON =
  'UpdateItem SUB (→ scoring; conditional, returns the item) + GetItem VERSION + UpdateItem SUB (→ scored) + GetItem BENCH (the rule) + PutItem BOARD (conditional)';

export type RequestCounts = Map<string, RequestCountRow>;

interface CallSpec {
  operation: string;
  caller: Caller;
  authorizer: AuthorizerState;
  minimum: number;
  reason: string;
  /** The HTTP status the call must answer. */
  expected: number;
}

type Measure = (spec: CallSpec, call: () => Promise<Answer>) => Promise<Json>;

function rowFor(rows: RequestCounts, spec: Omit<CallSpec, 'expected'>): RequestCountRow {
  const key = `${spec.operation}|${spec.caller}|${spec.authorizer}`;
  let row = rows.get(key);
  if (!row) {
    const { operation, caller, authorizer, minimum, reason } = spec;
    row = { operation, caller, authorizer, status: [], ms: [], dynamodb: [], labels: [], sqs: [], sqsLabels: [], minimum, reason, contaminated: 0 };
    rows.set(key, row);
  }
  return row;
}

function recordCall(row: RequestCountRow, status: number, callMs: number, requests: readonly EngineRequest[]): void {
  const dynamo = requests.filter((r) => r.engine === 'dynamodb');
  const queue = requests.filter((r) => r.engine === 'sqs' && !POLLER_SQS_OPERATIONS.has(r.operation));
  row.status.push(status);
  row.ms.push(Math.round(callMs * 10) / 10);
  row.dynamodb.push(dynamo.length);
  row.sqs.push(queue.length);
  if (row.labels.length === 0) row.labels = dynamo.map((r) => r.label);
  if (row.sqsLabels.length === 0) row.sqsLabels = queue.map((r) => r.operation);
  if (dynamo.some((r) => SCORING_LABELS.has(r.label))) row.contaminated += 1;
}

/** Runs a call in a traffic window of its own, checks its status and, when `measured`, records it in its row. */
function measurer(rows: RequestCounts, traffic: EngineTraffic, measured: boolean): Measure {
  return async (spec, call) => {
    const window = traffic.open();
    const callStarted = performance.now();
    const answer = await call();
    const callMs = performance.now() - callStarted;
    const requests = window.close();
    expectStatus(answer, spec.expected, `${spec.operation} (${spec.caller}, ${spec.authorizer})`);
    if (measured) recordCall(rowFor(rows, spec), answer.status, callMs, requests);
    return answer.json;
  };
}

interface Repetition {
  session: Session;
  measure: Measure;
  rep: number;
  agent: BenchAgent;
  /** A new key for the agent: an Authorization header the gateway has not seen. */
  rotate(): Promise<string>;
  benchmarkId: string;
}

/** create submission: the agent's key is new to the gateway, then cached; then with an Idempotency-Key. Returns the first submission. */
async function countCreates({ session, measure, rep, agent, benchmarkId }: Repetition): Promise<string> {
  const submissionsPath = `/v1/benchmarks/${benchmarkId}/submissions`;
  const { answers } = answersFor(1_000_000 + rep);
  const create = (headers?: Record<string, string>) => () => session.api('POST', submissionsPath, agent.key, { answers }, headers);
  const spec = { operation: 'create submission', caller: 'agent key', expected: 202 } as const;
  const created = await measure({ ...spec, authorizer: 'fresh', minimum: 8, reason: `APIKEY get (authorizer) + ${CREATE_REASON}` }, create());
  await measure({ ...spec, authorizer: 'cached', minimum: 7, reason: CREATE_REASON }, create());
  await measure(
    {
      ...spec,
      operation: 'create submission with Idempotency-Key',
      authorizer: 'cached',
      minimum: 9,
      reason: `${CREATE_REASON} + IDEMP put (claim, conditional) + IDEMP update (the stored response)`,
    },
    create({ 'idempotency-key': `bench-${rep}-${Date.now()}` }),
  );
  return created.submission_id as string;
}

/** get submission, by the agent and by a viewer. Returns the rotated key and the viewer's token the next calls use. */
async function countGets({ session, measure, rep, agent, rotate }: Repetition, submissionId: string): Promise<{ key: string; viewer: string }> {
  const get = (credential: string) => () => session.api('GET', `/v1/submissions/${submissionId}`, credential);
  const spec = { operation: 'get submission', expected: 200 } as const;
  await measure(
    { ...spec, caller: 'agent key', authorizer: 'cached', minimum: 1, reason: 'SUB get (one consistent GetItem; ownership is checked on the item)' },
    get(agent.key),
  );
  const key = await rotate();
  await measure({ ...spec, caller: 'agent key', authorizer: 'fresh', minimum: 2, reason: 'APIKEY get (authorizer) + SUB get' }, get(key));
  const viewer = session.mint('viewer', `${TENANT}-viewer-${rep}-${Date.now()}`);
  await measure(
    { ...spec, caller: 'viewer JWT', authorizer: 'fresh', minimum: 1, reason: 'SUB get (the authorizer verifies a JWT without the table)' },
    get(viewer),
  );
  await measure({ ...spec, caller: 'viewer JWT', authorizer: 'cached', minimum: 1, reason: 'SUB get' }, get(viewer));
  return { key, viewer };
}

/** leaderboard page, by the agent (cached, then a fresh key) and by a viewer. Returns the rotated key. */
async function countBoardPages({ session, measure, rotate, benchmarkId }: Repetition, key1: string, viewer: string): Promise<string> {
  const page = (credential: string) => () => session.api('GET', `/v1/benchmarks/${benchmarkId}/leaderboard`, credential);
  const spec = { operation: 'leaderboard page', expected: 200 } as const;
  await measure({ ...spec, caller: 'agent key', authorizer: 'cached', minimum: 2, reason: BOARD_REASON }, page(key1));
  const key2 = await rotate();
  await measure({ ...spec, caller: 'agent key', authorizer: 'fresh', minimum: 3, reason: `APIKEY get (authorizer) + ${BOARD_REASON}` }, page(key2));
  await measure({ ...spec, caller: 'viewer JWT', authorizer: 'cached', minimum: 2, reason: BOARD_REASON }, page(viewer));
  return key2;
}

/** append trace: 10 spans (cached, then a fresh key) and 100 spans. */
async function countTraceAppends({ session, measure, rep, rotate }: Repetition, submissionId: string, key2: string): Promise<void> {
  const append = (credential: string, count: number, suffix: string) => () =>
    session.api('POST', `/v1/submissions/${submissionId}/traces`, credential, { spans: traceSpans(count, `r${rep}${suffix}`) });
  const spec = { caller: 'agent key', expected: 200 } as const;
  await measure({ ...spec, operation: 'append trace (10 spans)', authorizer: 'cached', minimum: 5, reason: TRACE_REASON }, append(key2, 10, 'a'));
  const key3 = await rotate();
  await measure(
    { ...spec, operation: 'append trace (10 spans)', authorizer: 'fresh', minimum: 6, reason: `APIKEY get (authorizer) + ${TRACE_REASON}` },
    append(key3, 10, 'b'),
  );
  await measure({ ...spec, operation: 'append trace (100 spans)', authorizer: 'cached', minimum: 5, reason: TRACE_REASON }, append(key3, 100, 'c'));
}

async function countRepetition(session: Session, measure: Measure, rep: number, benchmarkId: string): Promise<void> {
  const agent = await newAgent(session, `bench-counted-${rep}`);
  const rotate = async () =>
    expectStatus(await session.api('POST', `/v1/agents/${agent.agentId}/keys`, session.maintainer, {}), 200, 'POST /v1/agents/{id}/keys')
      .api_key as string;
  const repetition: Repetition = { session, measure, rep, agent, rotate, benchmarkId };
  const submissionId = await countCreates(repetition);
  const { key, viewer } = await countGets(repetition, submissionId);
  const key2 = await countBoardPages(repetition, key, viewer);
  await countTraceAppends(repetition, submissionId, key2);
}

async function setScoringDelay(session: Session, seconds: number): Promise<void> {
  const QueueUrl = session.twin.engines.queueUrl('scoring');
  await session.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DelaySeconds: String(seconds) } }));
}

/** The counted calls, one warm-up pass and `repetitions` measured ones, on the benchmark `benchmarkId`. */
export async function countRequests(
  session: Session,
  traffic: EngineTraffic,
  benchmarkId: string,
  options: { repetitions: number },
  progress: (line: string) => void,
): Promise<RequestCounts> {
  progress(`pipeline: counting engine requests per API call (${options.repetitions} repetitions after a warm-up pass)…`);
  // Scoring would start while a create's window is still open (the message is sent before the
  // audit write): the scoring queue holds new messages back for a while during the counted calls.
  await setScoringDelay(session, QUEUE_DELAY_SECONDS);
  const rows: RequestCounts = new Map();
  let countPhaseStarted = performance.now();
  try {
    for (let rep = 0; rep <= options.repetitions; rep++) {
      await countRepetition(session, measurer(rows, traffic, rep > 0), rep, benchmarkId);
      if (rep === 0) countPhaseStarted = performance.now();
    }
  } finally {
    await setScoringDelay(session, 0);
  }
  progress(`pipeline: counted ${rows.size} calls × ${options.repetitions} in ${((performance.now() - countPhaseStarted) / 1000).toFixed(1)} s`);
  return rows;
}

/** One submission POSTed on the idle twin, and every engine request until the queues are empty again. */
async function scoreOneSubmission(
  session: Session,
  traffic: EngineTraffic,
  agent: BenchAgent,
  benchmarkId: string,
  rep: number,
  deadlineSeconds: number,
): Promise<{ callMs: number; requests: EngineRequest[] }> {
  const scoringWindow = traffic.open();
  const callStarted = performance.now();
  expectStatus(
    await session.api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.key, { answers: answersFor(3_000_000 + rep).answers }),
    202,
    'POST submissions',
  );
  for (const deadline = Date.now() + deadlineSeconds * 1000; (await queueDepth(session)) > 0; ) {
    if (Date.now() > deadline) throw new Error('a counted submission was not scored in time');
    await sleep(5);
  }
  const callMs = performance.now() - callStarted;
  return { callMs, requests: scoringWindow.close().filter((r) => r.engine === 'dynamodb') };
}

// The scoring worker's share of one submission, on the idle twin: everything from the POST
// until the scoring queue is empty again (the poller deletes a message after the worker
// returns), less the create's own requests (the same six every time, counted above).
export async function countScoringShare(
  session: Session,
  traffic: EngineTraffic,
  rows: RequestCounts,
  input: { agents: readonly BenchAgent[]; benchmarkId: string; repetitions: number; deadlineSeconds: number },
): Promise<void> {
  const createRow = rows.get('create submission|agent key|cached');
  if (!createRow) return;
  for (let rep = 0; rep < input.repetitions; rep++) {
    const agent = input.agents[rep % input.agents.length]!;
    const { callMs, requests: all } = await scoreOneSubmission(session, traffic, agent, input.benchmarkId, rep, input.deadlineSeconds);
    const rest = [...all];
    for (const label of createRow.labels) {
      const at = rest.findIndex((r) => r.label === label);
      if (at >= 0) rest.splice(at, 1);
    }
    const row = rowFor(rows, { operation: SCORING_OPERATION, caller: 'agent key', authorizer: 'cached', minimum: 5, reason: SCORING_REASON });
    row.status.push(202);
    row.ms.push(Math.round(callMs * 10) / 10);
    row.dynamodb.push(rest.length);
    if (row.labels.length === 0) row.labels = rest.map((r) => r.label);
    if (all.length - rest.length !== createRow.labels.length) row.contaminated += 1;
  }
}
