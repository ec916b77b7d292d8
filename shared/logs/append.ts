// An agent appends lines to its own submission's log: stored, then published for live streaming.
// (Reading them is page.ts: the list route carries no publisher.)
import { requireActiveAgent } from '#shared/agents/active.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { publish } from '#shared/events/publish.ts';
import { forbidden } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { putLogLines } from '#shared/store/logs.ts';
import { getSubmission } from '#shared/submissions/read.ts';
import { orderLines, type LogLine } from './line.ts';
import { submissionChannel } from '#shared/realtime/channels.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';

export interface AppendContext {
  correlationId: string;
  /** Days a line is kept before the table expires it (LOG_RETENTION_DAYS). */
  retentionDays: number;
}

/** Stores the lines, then publishes them as one `submission.log` event; the number stored. */
export async function appendLogLines(
  actor: Principal,
  submissionId: string,
  lines: readonly LogLine[],
  context: AppendContext,
  now = new Date(),
): Promise<number> {
  if (actor.principalType !== 'agent') throw forbidden("Only the submission's agent appends log lines");
  await Promise.all([getSubmission(actor, submissionId), requireActiveAgent(actor)]);
  const expiresAt = new Date(now.getTime() + context.retentionDays * 86_400_000);
  await putLogLines(actor.tenantId, submissionId, orderLines(lines, newId('log', now.getTime())), expiresAt);
  // The lines are stored and readable whatever happens here; live streaming is best effort.
  await publish([
    {
      type: 'submission.log',
      tenantId: actor.tenantId,
      channels: [submissionChannel(submissionId)],
      data: { submission_id: submissionId, lines: lines.map(({ ts, level, message }) => ({ ts, level, message })) },
      correlationId: context.correlationId,
      occurredAt: now.toISOString(),
    },
  ]).catch(async (error: unknown) => (await loadLogger()).error('Log lines stored but not published', error as Error));
  return lines.length;
}
