// Submissions and their life: queued → scoring → scored | failed, and cancelled (only from
// queued). Every transition is timestamped; failures carry a reason. Plain TypeScript.
import type { Answer, TaskResult } from '#shared/scoring/index.ts';
import type { SubmissionView } from '#shared/schemas/submissions.ts';

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
  results: TaskResult[] | null;
  failureReason: string | null;
  transitions: { status: SubmissionStatus; at: string }[];
  /** The UTC day whose quota this submission counts against. */
  quotaDay: string;
  createdAt: string;
  updatedAt: string;
}

export const isPending = (status: SubmissionStatus) => status === 'queued' || status === 'scoring';

export const submissionView = (submission: Submission): SubmissionView => ({
  submission_id: submission.submissionId,
  benchmark_id: submission.benchmarkId,
  agent_id: submission.agentId,
  version: submission.version,
  status: submission.status,
  score: submission.score,
  results: submission.results,
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
