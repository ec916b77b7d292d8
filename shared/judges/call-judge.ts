// One judge request: the task's answer POSTed to the judge, signed as webhook deliveries are
// (Standard Webhooks headers, both secrets during a rotation's overlap), with the webhook retry
// rule — up to four attempts (at once, then after 500 ms, 1 s, 2 s) for network errors, timeouts,
// 429 and 5xx. A 200 carries the verdict; any other answer (3xx, 4xx, another 2xx, a body that is
// not a verdict, a refused address) is a judge error that retrying cannot fix. A judge still
// unreachable after the last attempt throws JudgeUnavailableError: the message goes back to the queue.
import { setTimeout as pause } from 'node:timers/promises';
import type { AddressPolicy } from '#shared/webhooks/address.ts';
import type { PostResult } from '#shared/webhooks/http-sender.ts';
import { attemptOutcomeOf } from '#shared/webhooks/retry.ts';
import { signedHeaders } from '#shared/webhooks/signing.ts';
import { signingSecrets } from '#shared/webhooks/webhook.ts';
import type { Judge } from './judge.ts';
import { readJudgeAnswer, type JudgeRequest } from './verdict.ts';

export interface JudgingPolicy {
  /** Each attempt's limit (10 s). */
  attemptTimeoutMs: number;
  /** Waits between the attempts of one receive (500, 1000, 2000 → four attempts). */
  retryDelaysMs: readonly number[];
  /** Seconds before the next receive when a judge stayed unreachable, by receive count (the last step repeats). */
  redeliverySchedule: readonly number[];
  /** Judge requests in flight at once for one submission. */
  concurrency: number;
  address: AddressPolicy;
}

export type Send = (url: string, body: string, headers: Record<string, string>) => Promise<PostResult>;

export interface CallContext {
  policy: JudgingPolicy;
  send: Send;
  correlationId: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Set when another request of the same submission gave up: no further attempt is worth making. */
  abandoned?: () => boolean;
}

/** The judge stayed unreachable (network errors, timeouts, 429, 5xx) through every attempt: try again later. */
export class JudgeUnavailableError extends Error {
  override name = 'JudgeUnavailable';
}

export type JudgeReply = { ok: true; score: number; rationale?: string } | { ok: false; reason: string };

/** The judge's verdict, or why it gave none that retrying could change; throws JudgeUnavailableError when it stayed unreachable. */
export async function callJudge(judge: Judge, request: JudgeRequest, messageId: string, context: CallContext): Promise<JudgeReply> {
  const { policy, send, sleep = pause, now = () => new Date(), abandoned = () => false } = context;
  // The same bytes on every attempt; each attempt is signed afresh (its own timestamp).
  const body = JSON.stringify(request);
  let lastError = '';
  for (let i = 0; i <= policy.retryDelaysMs.length; i++) {
    if (i > 0) await sleep(policy.retryDelaysMs[i - 1]!);
    if (abandoned()) break;
    const at = now();
    const headers = {
      ...signedHeaders(signingSecrets(judge, at), messageId, Math.floor(at.getTime() / 1000), body),
      'x-correlation-id': context.correlationId,
    };
    const result = await send(judge.url, body, headers);
    const outcome = result.refused ? 'failed' : attemptOutcomeOf(result.statusCode);
    if (outcome === 'retryable') {
      lastError = result.error ?? `HTTP ${result.statusCode}`;
      continue;
    }
    if (outcome === 'failed') return { ok: false, reason: `judge ${judge.judgeId} answered ${result.error ?? `HTTP ${result.statusCode}`}` };
    if (result.statusCode !== 200) return { ok: false, reason: `judge ${judge.judgeId} answered HTTP ${result.statusCode}, not 200 with a score` };
    const answer = readJudgeAnswer(result.body ?? '');
    return answer.ok ? answer : { ok: false, reason: `judge ${judge.judgeId}: ${answer.reason}` };
  }
  throw new JudgeUnavailableError(`judge ${judge.judgeId} (${judge.url}) unreachable: ${lastError || 'another request of the submission gave up'}`);
}
