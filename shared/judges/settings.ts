// The judging worker's settings (shared/contract/settings.ts), read once per container; limits
// whose worst case would outlast the worker's timeout fail the cold start, naming why.
import { readSettings } from '#shared/config/settings.ts';
import { JUDGE_ATTEMPT_TIMEOUT_MS, JUDGE_CONCURRENCY, JUDGE_RETRY_DELAYS_MS, JUDGE_RETRY_SCHEDULE_SECONDS } from '#shared/contract/settings.ts';
import { addressPolicy } from '#shared/webhooks/settings.ts';
import type { JudgingPolicy } from './call-judge.ts';
import { judgingLimitsProblem } from './timing.ts';

export function judgingPolicy(): JudgingPolicy {
  const settings = readSettings({ JUDGE_ATTEMPT_TIMEOUT_MS, JUDGE_RETRY_DELAYS_MS, JUDGE_RETRY_SCHEDULE_SECONDS, JUDGE_CONCURRENCY });
  const policy: JudgingPolicy = {
    attemptTimeoutMs: settings.JUDGE_ATTEMPT_TIMEOUT_MS,
    retryDelaysMs: settings.JUDGE_RETRY_DELAYS_MS,
    redeliverySchedule: settings.JUDGE_RETRY_SCHEDULE_SECONDS,
    concurrency: settings.JUDGE_CONCURRENCY,
    address: addressPolicy(),
  };
  const problem = judgingLimitsProblem(policy);
  if (problem) throw new Error(`The judging settings do not fit the worker's timeout: ${problem}`);
  return policy;
}
