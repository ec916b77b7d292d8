// Reading a submission: its tenant's, and for an agent only its own (else 404, never a hint).
import type { Principal } from '#shared/auth/principal.ts';
import { notFound } from '#shared/http/errors.ts';
import { findSubmission } from '#shared/store/submissions.ts';
import type { Submission } from './submission.ts';

/** A submission the actor may see: its tenant's, and for an agent only its own (else 404). */
export async function getSubmission(actor: Principal, submissionId: string): Promise<Submission> {
  const submission = await findSubmission(actor.tenantId, submissionId);
  if (!submission || (actor.principalType === 'agent' && submission.agentId !== actor.agentId)) throw notFound('The submission');
  return submission;
}
