// Submissions and their life: queued → scoring → scored | failed, and cancelled (only from
// queued). Every transition is timestamped; failures carry a reason. Plain TypeScript: the rules
// and views; the use cases beside it (submit.ts, cancel.ts, …) do the reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import { visibleResults, visibleScores, type VisibilityRole } from '#shared/benchmarks/visibility.ts';
import { AppError } from '#shared/http/errors.ts';
import type { BoardEntry } from '#shared/leaderboard/ranking.ts';
import type { Answer, ConfidenceInterval, TaskResult } from '#shared/scoring/index.ts';
import { attemptCounts, submissionPassAtK } from '#shared/scoring/pass-at-k.ts';
import type { SubmissionView } from '#shared/schemas/responses/submissions.ts';
import { normalizedUsage, type Usage } from './usage.ts';

export type SubmissionStatus = 'queued' | 'scoring' | 'scored' | 'failed' | 'cancelled';

export interface Submission {
  submissionId: string;
  tenantId: string;
  benchmarkId: string;
  agentId: string;
  version: number;
  status: SubmissionStatus;
  answers: Answer[];
  metadata: Record<string, unknown> | null;
  score: number | null;
  /** Over the public tasks only (hidden test sets); set with the score, equal to it when no task is private. */
  publicScore: number | null;
  /** Set with the score (scoring/uncertainty.ts); null before, and on items stored before it existed. */
  confidenceInterval: ConfidenceInterval | null;
  stderr: number | null;
  /** Reported with the answers, or filled from the trace spans when scored (usage.ts); absent or null when none. */
  usage?: Usage | null;
  /** The usage was filled from the trace spans (a rescore fills it again, with the spans it has by then). */
  usageFromTraces?: boolean;
  results: TaskResult[] | null;
  failureReason: string | null;
  transitions: { status: SubmissionStatus; at: string }[];
  /** The UTC day whose quota this submission counts against. */
  quotaDay: string;
  createdAt: string;
  updatedAt: string;
}

export const isPending = (status: SubmissionStatus) => status === 'queued' || status === 'scoring';

/**
 * Every move of a submission's life and the states it may start from. The store applies a move as
 * one conditional write on those states, so a move from any other state is refused, whoever races.
 */
export const MOVES = {
  /** The scoring worker takes it (a redelivered request takes it again). */
  claim: { from: ['queued', 'scoring'], to: 'scoring' },
  score: { from: ['scoring'], to: 'scored' },
  fail: { from: ['queued', 'scoring'], to: 'failed' },
  /** Its agent or a maintainer withdraws it before scoring starts. */
  cancel: { from: ['queued'], to: 'cancelled' },
  /** A maintainer asks for a new score. */
  rescore: { from: ['scored', 'failed'], to: 'queued' },
  /** An admin sends a dead-lettered scoring request back. */
  redrive: { from: ['failed'], to: 'queued' },
} as const satisfies Record<string, { from: readonly SubmissionStatus[]; to: SubmissionStatus }>;

export type SubmissionMove = keyof typeof MOVES;

export const canMove = (status: SubmissionStatus, move: SubmissionMove) => (MOVES[move].from as readonly SubmissionStatus[]).includes(status);

/** A new submission, queued, counting against today's (UTC) quota. Each answer keeps its task id and output (or outputs) only. */
export function queuedSubmission(
  owner: Pick<Submission, 'submissionId' | 'tenantId' | 'benchmarkId' | 'agentId' | 'version'>,
  input: { answers: Answer[]; metadata?: Record<string, unknown>; usage?: Usage },
  now: Date,
): Submission {
  const at = now.toISOString();
  return {
    ...owner,
    status: 'queued',
    answers: input.answers.map((a) => (a.outputs ? { task_id: a.task_id, outputs: a.outputs } : { task_id: a.task_id, output: a.output })),
    metadata: input.metadata ?? null,
    usage: normalizedUsage(input.usage),
    score: null,
    publicScore: null,
    confidenceInterval: null,
    stderr: null,
    results: null,
    failureReason: null,
    transitions: [{ status: 'queued', at }],
    quotaDay: utcDay(now),
    createdAt: at,
    updatedAt: at,
  };
}

/** The 429 for an agent that used its daily submissions on a benchmark: it may try again at the next UTC midnight. */
export function quotaExceeded(limit: number, now: Date): AppError {
  const retryAfter = secondsUntilNextUtcDay(now);
  return new AppError(
    'quota_exceeded',
    `This agent has used its ${limit} submissions for today (UTC) on this benchmark`,
    { limit, resets_in_seconds: retryAfter },
    { 'retry-after': String(retryAfter) },
  );
}

/** Who may read a submission of their tenant: users any, an agent only its own. */
export const mayRead = (actor: Pick<Principal, 'principalType' | 'agentId'>, submission: Pick<Submission, 'agentId'>) =>
  actor.principalType !== 'agent' || submission.agentId === actor.agentId;

/** Whose submissions a listing shows: an agent's own whatever it asks for; for users, the agent asked for (or all). */
export const listedAgent = (actor: Pick<Principal, 'principalType' | 'agentId'>, asked: string | undefined) =>
  actor.principalType === 'agent' ? actor.agentId! : asked;

/** A scored submission's leaderboard entry: reached at the submission's time, so a rescore keeps its place among ties. */
export const boardEntryOf = (scored: Submission): BoardEntry => ({
  tenantId: scored.tenantId,
  benchmarkId: scored.benchmarkId,
  version: scored.version,
  agentId: scored.agentId,
  submissionId: scored.submissionId,
  score: scored.score!,
  publicScore: scored.publicScore ?? scored.score!,
  confidenceInterval: scored.confidenceInterval,
  stderr: scored.stderr,
  costUsd: scored.usage?.cost_usd ?? null,
  achievedAt: scored.createdAt,
});

/** Who reads a submission, for the hidden test sets' rules: their role and the benchmark's reveal time. */
export interface SubmissionReader {
  role: VisibilityRole;
  revealedAt: string | null;
}

/** Was the submission scored against a version with private tasks? (Their results are marked.) */
export const hasPrivateResults = (submission: Pick<Submission, 'results'>) => submission.results?.some((r) => r.split === 'private') ?? false;

/**
 * pass@k of a scored submission (null otherwise: a rescore in progress or a failure). Results scored
 * before repeated attempts existed read as one attempt each (pass-at-k.ts), so every scored
 * submission has it.
 */
export const passAtKOf = (submission: Pick<Submission, 'status' | 'results'>) =>
  submission.status === 'scored' && submission.results ? submissionPassAtK(submission.results) : null;

export const submissionView = (submission: Submission, reader: SubmissionReader): SubmissionView => ({
  submission_id: submission.submissionId,
  benchmark_id: submission.benchmarkId,
  agent_id: submission.agentId,
  version: submission.version,
  status: submission.status,
  ...visibleScores(
    {
      score: submission.score,
      // Only a scored submission has them: a rescore in progress (queued, scoring) or a failure shows null.
      confidence_interval: submission.status === 'scored' ? submission.confidenceInterval : null,
      stderr: submission.status === 'scored' ? submission.stderr : null,
      // pass@1 is the score over all tasks: hidden with it.
      pass_at_k: passAtKOf(submission),
    },
    reader.role,
    hasPrivateResults(submission),
    reader.revealedAt,
  ),
  public_score: submission.publicScore,
  usage: submission.usage ?? null,
  results:
    submission.results &&
    visibleResults(submission.results, reader.role, reader.revealedAt).map((result) => ({ ...result, ...attemptCounts(result) })),
  failure_reason: submission.failureReason,
  metadata: submission.metadata,
  answer_count: submission.answers.length,
  transitions: submission.transitions,
  created_at: submission.createdAt,
  updated_at: submission.updatedAt,
});

/** `yyyy-mm-dd` of the UTC day. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Whole seconds until the next UTC midnight, when a daily quota resets. */
export function secondsUntilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
