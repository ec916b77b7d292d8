// A submission's usage when it is scored: what its agent reported, or else the totals of the
// trace spans it has by then (the latest version of each, read through its trace's items). A
// usage filled from traces is filled again on a rescore, so spans posted after scoring count then.
import { spanFiguresOf } from '#shared/store/traces.ts';
import type { Submission } from './submission.ts';
import { usageFromSpans, type Usage } from './usage.ts';

/** The fields the scoring transition sets: the usage (when there is one) and where it came from. */
export async function usageWhenScored(submission: Submission): Promise<{ usage?: Usage; usage_from_traces?: true }> {
  if (submission.usage && !submission.usageFromTraces) return {};
  const fromTraces = usageFromSpans(await spanFiguresOf(submission.tenantId, submission.submissionId));
  return fromTraces ? { usage: fromTraces, usage_from_traces: true } : {};
}
