// A submission's usage when it is scored: what its agent reported, or else the totals of the
// trace spans it has by then (one Query over its SPAN# items, only the figures' attributes).
import { spanFiguresOf } from '#shared/store/traces.ts';
import type { Submission } from './submission.ts';
import { usageFromSpans, type Usage } from './usage.ts';

export async function usageWhenScored(submission: Submission): Promise<Usage | null> {
  if (submission.usage) return submission.usage;
  return usageFromSpans(await spanFiguresOf(submission.tenantId, submission.submissionId));
}
