// What the pipeline bench's measured run shows (bench/pipeline.ts; bench/README.md §3): each
// accepted submission followed from `queued` to `scored` (its transitions) and onto the board (the
// poller's snapshots), the final board against a recount from every scored submission, and the
// engine requests, log lines and process load of the run.
import { preferred, rankKey, type BoardEntry } from '#shared/leaderboard/ranking.ts';
import { latencyStats, type LatencyStats } from './pipeline-stats.ts';
import { countBy, type EngineRequest } from './pipeline-traffic.ts';
import type { Json, SubmitRecord } from './pipeline-session.ts';
import { RULE, TENANT } from './pipeline-workload.ts';

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

/** One answer of the leaderboard poller: when it arrived, and the entries by agent. */
export interface BoardSnapshot {
  at: number;
  entries: Map<string, BoardEntry>;
}

export interface AnalysisInput {
  deadlineSeconds: number;
  records: SubmitRecord[];
  accepted: SubmitRecord[];
  /** Every submission of the run's benchmark as the API lists it at the end. */
  final: Json[];
  finalBoard: Map<string, BoardEntry>;
  snapshots: BoardSnapshot[];
  submitMs: number;
  drainMs: number;
  runRequests: EngineRequest[];
  runLogLines: number;
  processUse: PipelineRun['process'];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function refusedByStatus(records: readonly SubmitRecord[]): Record<string, number> {
  const refused: Record<string, number> = {};
  for (const r of records)
    if (r.status !== 202) refused[r.status === 0 ? 'error' : String(r.status)] = (refused[r.status === 0 ? 'error' : String(r.status)] ?? 0) + 1;
  return refused;
}

/** What each accepted submission went through, summed over the run. */
interface Followed {
  toScored: number[];
  queueWait: number[];
  scoring: number[];
  onBoard: number[];
  scored: number;
  failed: number;
  pending: number;
  late: number;
  asExpected: number;
  rescoring: number;
  notSeenOnBoard: number;
  firstQueued: number;
  lastScored: number;
  scoredEntries: BoardEntry[];
}

// The first board answer received after `scored` whose entry for the agent is this submission
// or one the rule prefers.
function firstSeenOnBoard(snapshots: readonly BoardSnapshot[], entry: BoardEntry, scoredAt: number): number | undefined {
  let lo = 0;
  let hi = snapshots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (snapshots[mid]!.at < scoredAt) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < snapshots.length; i++) {
    const shown = snapshots[i]!.entries.get(entry.agentId);
    if (shown && (shown.submissionId === entry.submissionId || preferred(RULE, shown, entry) === shown)) return snapshots[i]!.at;
  }
  return undefined;
}

function boardEntryOf(submission: Json): BoardEntry {
  return {
    tenantId: TENANT,
    benchmarkId: submission.benchmark_id,
    version: submission.version,
    agentId: submission.agent_id,
    submissionId: submission.submission_id,
    score: submission.score,
    publicScore: submission.public_score ?? submission.score,
    confidenceInterval: submission.confidence_interval ?? null,
    stderr: submission.stderr ?? null,
    achievedAt: submission.created_at,
  };
}

/** Adds one scored submission's times, score check and board sighting to `f`. */
function followScored(
  f: Followed,
  input: AnalysisInput,
  record: SubmitRecord,
  submission: Json,
  transitions: { status: string; at: string }[],
  queuedAt: number,
) {
  const scoredAt = Date.parse(transitions.find((t) => t.status === 'scored')!.at);
  f.scored += 1;
  f.lastScored = Math.max(f.lastScored, scoredAt);
  const total = scoredAt - queuedAt;
  f.toScored.push(total);
  if (total > input.deadlineSeconds * 1000) f.late += 1;
  const lastScoring = transitions.filter((t) => t.status === 'scoring').at(-1);
  if (lastScoring) {
    f.queueWait.push(Date.parse(lastScoring.at) - queuedAt);
    f.scoring.push(scoredAt - Date.parse(lastScoring.at));
  }
  if (Math.abs(submission.score - record.expectedScore) < 1e-9) f.asExpected += 1;
  const entry = boardEntryOf(submission);
  f.scoredEntries.push(entry);
  const seen = firstSeenOnBoard(input.snapshots, entry, scoredAt);
  if (seen === undefined) f.notSeenOnBoard += 1;
  else f.onBoard.push(seen - queuedAt);
}

function followSubmissions(input: AnalysisInput): Followed {
  const byId = new Map<string, Json>(input.final.map((s: Json) => [s.submission_id as string, s]));
  const f: Followed = {
    toScored: [],
    queueWait: [],
    scoring: [],
    onBoard: [],
    scored: 0,
    failed: 0,
    pending: 0,
    late: 0,
    asExpected: 0,
    rescoring: 0,
    notSeenOnBoard: 0,
    firstQueued: Infinity,
    lastScored: -Infinity,
    scoredEntries: [],
  };
  for (const record of input.accepted) {
    const submission = byId.get(record.submissionId!);
    const transitions: { status: string; at: string }[] = submission?.transitions ?? [];
    const queuedAt = Date.parse(transitions.find((t) => t.status === 'queued')?.at ?? '') || record.queuedAtMs!;
    f.firstQueued = Math.min(f.firstQueued, queuedAt);
    if (transitions.filter((t) => t.status === 'scoring').length > 1) f.rescoring += 1;
    const scoredStep = transitions.find((t) => t.status === 'scored');
    if (!submission || submission.status === 'queued' || submission.status === 'scoring') f.pending += 1;
    if (submission?.status === 'failed') f.failed += 1;
    if (!scoredStep || submission.status !== 'scored') f.late += 1;
    else followScored(f, input, record, submission, transitions, queuedAt);
  }
  return f;
}

// The final board against a recount: per agent, the entry the rule prefers among its scored
// submissions; ranks in rankKey order (higher score first, ties to the earlier).
function recountBoard(scoredEntries: readonly BoardEntry[], finalBoard: Map<string, BoardEntry>): PipelineRun['board'] {
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
  return { equalsRecount: mismatches.length === 0, entries: finalBoard.size, expectedEntries: expected.size, mismatches: mismatches.slice(0, 10) };
}

export function analyse(input: AnalysisInput): PipelineRun {
  const { records, accepted, snapshots } = input;
  const f = followSubmissions(input);
  const dynamo = input.runRequests.filter((r) => r.engine === 'dynamodb');
  const queue = input.runRequests.filter((r) => r.engine === 'sqs');
  const intervals = snapshots.slice(1).map((s, i) => s.at - snapshots[i]!.at);
  const scoringSpanSeconds = f.lastScored > f.firstQueued ? (f.lastScored - f.firstQueued) / 1000 : NaN;
  return {
    submitted: records.length,
    accepted: accepted.length,
    refused: refusedByStatus(records),
    httpAcceptMs: latencyStats(accepted.map((r) => r.latencyMs)),
    acceptedToScoredMs: latencyStats(f.toScored),
    queueWaitMs: latencyStats(f.queueWait),
    scoringMs: latencyStats(f.scoring),
    acceptedToOnBoardMs: latencyStats(f.onBoard),
    notSeenOnBoard: f.notSeenOnBoard,
    boardPolls: snapshots.length,
    boardPollIntervalMs: intervals.length ? round1(intervals.reduce((a, b) => a + b, 0) / intervals.length) : NaN,
    scored: f.scored,
    failed: f.failed,
    pending: f.pending,
    notScoredWithinDeadline: f.late,
    scoresAsExpected: f.asExpected,
    rescoringAttempts: f.rescoring,
    throughput: {
      submitSeconds: Math.round(input.submitMs / 10) / 100,
      acceptedPerSecond: round1(accepted.length / (input.submitMs / 1000)),
      scoringSpanSeconds: Math.round(scoringSpanSeconds * 100) / 100,
      scoredPerSecond: round1(f.scored / scoringSpanSeconds),
    },
    drainMs: input.drainMs,
    deadLettered: {},
    board: recountBoard(f.scoredEntries, input.finalBoard),
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
