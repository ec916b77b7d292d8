// Reading submissions: its tenant's, and for an agent only its own (else 404, never a hint).
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { visibilityRole } from '#shared/benchmarks/visibility.ts';
import { notFound } from '#shared/http/errors.ts';
import { findBenchmark } from '#shared/store/benchmarks.ts';
import { findSubmission, submissionsPage, type SubmissionFilter } from '#shared/store/submissions.ts';
import { hasPrivateResults, listedAgent, mayRead, submissionView, type Submission, type SubmissionReader } from './submission.ts';

/** A submission the actor may see: its tenant's, and for an agent only its own (else 404). */
export async function getSubmission(actor: Principal, submissionId: string): Promise<Submission> {
  const submission = await findSubmission(actor.tenantId, submissionId);
  if (!submission || !mayRead(actor, submission)) throw notFound('The submission');
  return submission;
}

/** A benchmark's submissions, newest first, paged; an agent lists only its own whatever it asks for. */
export async function listSubmissions(actor: Principal, benchmarkId: string, filter: SubmissionFilter, limit: number, cursor?: string) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const agentId = listedAgent(actor, filter.agentId);
  const page = await submissionsPage(actor.tenantId, benchmarkId, { ...filter, agentId }, limit, cursor);
  const reader: SubmissionReader = { role: visibilityRole(actor), revealedAt: benchmark.revealedAt };
  return { items: page.submissions.map((submission) => submissionView(submission, reader)), next_cursor: page.nextCursor };
}

/**
 * Who the actor is to the hidden test sets' rules for this submission: the benchmark's reveal time
 * is read only when the submission has private results (otherwise nothing is hidden).
 */
export async function readerOf(actor: Principal, submission: Submission): Promise<SubmissionReader> {
  const role = visibilityRole(actor);
  if (!hasPrivateResults(submission)) return { role, revealedAt: null };
  const benchmark = await findBenchmark(actor.tenantId, submission.benchmarkId);
  return { role, revealedAt: benchmark?.revealedAt ?? null };
}

/** The submission as the actor may see it (README "Hidden test sets"). */
export const visibleSubmissionView = async (actor: Principal, submission: Submission) =>
  submissionView(submission, await readerOf(actor, submission));
