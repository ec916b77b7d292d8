// Cancelling a queued submission (its agent or a maintainer); it stops counting against the quota.
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import { giveBackQuota } from '#shared/store/quotas.ts';
import { transitionSubmission } from '#shared/store/submissions.ts';
import { getSubmission } from './read.ts';
import { MOVES, type Submission } from './submission.ts';

export async function cancelSubmission(actor: Principal, submissionId: string, now = new Date()): Promise<Submission> {
  const [submission] = await Promise.all([getSubmission(actor, submissionId), requireActiveAgent(actor)]);
  const cancelled = await transitionSubmission(actor.tenantId, submissionId, MOVES.cancel.from, MOVES.cancel.to, now.toISOString());
  if (!cancelled)
    throw new AppError('conflict', `Only a queued submission can be cancelled; this one is ${(await getSubmission(actor, submissionId)).status}`);
  await giveBackQuota({ tenantId: actor.tenantId, benchmarkId: submission.benchmarkId, agentId: submission.agentId, day: submission.quotaDay });
  return cancelled;
}
