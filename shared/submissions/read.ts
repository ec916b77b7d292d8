// Reading submissions: its tenant's, and for an agent only its own (else 404, never a hint).
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { notFound } from '#shared/http/errors.ts';
import { findSubmission, submissionsPage, type SubmissionFilter } from '#shared/store/submissions.ts';
import { listedAgent, mayRead, submissionView, type Submission } from './submission.ts';

/** A submission the actor may see: its tenant's, and for an agent only its own (else 404). */
export async function getSubmission(actor: Principal, submissionId: string): Promise<Submission> {
  const submission = await findSubmission(actor.tenantId, submissionId);
  if (!submission || !mayRead(actor, submission)) throw notFound('The submission');
  return submission;
}

/** A benchmark's submissions, newest first, paged; an agent lists only its own whatever it asks for. */
export async function listSubmissions(actor: Principal, benchmarkId: string, filter: SubmissionFilter, limit: number, cursor?: string) {
  await getBenchmark(actor, benchmarkId);
  const agentId = listedAgent(actor, filter.agentId);
  const page = await submissionsPage(actor.tenantId, benchmarkId, { ...filter, agentId }, limit, cursor);
  return { items: page.submissions.map(submissionView), next_cursor: page.nextCursor };
}
