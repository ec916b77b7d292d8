// Viewers (and the submission's agent) page through a submission's log lines.
import type { Principal } from '#shared/auth/principal.ts';
import { logLinesPage } from '#shared/store/logs.ts';
import { getSubmission } from '#shared/submissions/read.ts';

/** Lines in time order, paged; expired lines are left out. */
export async function logPage(actor: Principal, submissionId: string, limit: number, cursor: string | undefined, now = new Date()) {
  await getSubmission(actor, submissionId);
  const page = await logLinesPage(actor.tenantId, submissionId, limit, cursor, now);
  return { items: page.lines, next_cursor: page.nextCursor };
}
