// Rescoring a scored or failed submission (maintainers): back to queued, then to the worker.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import { requestScoring } from '#shared/queue/scoring.ts';
import { transitionSubmission } from '#shared/store/submissions.ts';
import { getSubmission } from './read.ts';
import { MOVES } from './submission.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';

export async function rescoreSubmission(actor: Principal, submissionId: string, correlationId: string, now = new Date()) {
  await getSubmission(actor, submissionId);
  const queued = await transitionSubmission(actor.tenantId, submissionId, MOVES.rescore.from, MOVES.rescore.to, now.toISOString(), {
    failure_reason: null,
  });
  if (!queued) throw new AppError('conflict', 'Only a scored or failed submission can be rescored');
  await requestScoring({ tenant_id: actor.tenantId, submission_id: submissionId, reason: 'rescore' }, correlationId).catch(async (error: unknown) =>
    (await loadLogger()).error('Scoring request not sent; the sweeper will send it', error as Error),
  );
  return queued;
}
