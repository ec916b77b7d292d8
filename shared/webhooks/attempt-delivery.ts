// The delivery worker's job for one message: POST the event to one endpoint, signed, with up to
// four attempts in this invocation (at once, then after 500 ms, 1 s, 2 s) for network errors,
// timeouts, 429 and 5xx; every attempt recorded. A delivery still failing asks to come back later
// (the queue's next receive, after a growing delay); other answers end it. A delivery whose whole
// receive failed counts once toward its endpoint's failures in a row, and the endpoint that reaches
// the limit is disabled and says so (`webhook.disabled`, guaranteed: a failure-counted delivery that
// comes back to find its endpoint so disabled says it again if it was never stored). Duplicate
// messages change nothing twice: a succeeded delivery is never attempted again.
import { setTimeout as pause } from 'node:timers/promises';
import { publish } from '#shared/events/publish.ts';
import { webhookPayload } from '#shared/integrations/event.ts';
import type { DeliverMessage } from '#shared/queue/delivery.ts';
import { findDelivery, markFailureCounted, pauseDelivery, recordAttempt, settleDelivery, type DeliveryRef } from '#shared/store/deliveries.ts';
import { platformEventId } from '#shared/events/stored-platform-event.ts';
import { findEvent } from '#shared/store/events.ts';
import { clearFailures, countFailure, disableWebhook, findWebhook } from '#shared/store/webhooks.ts';
import type { AddressPolicy } from './address.ts';
import { disabledByFailures, disabledEvent, failuresReason } from './disabled-event.ts';
import { isSettled, type DeliveryAttempt } from './delivery.ts';
import type { PostResult } from './http-sender.ts';
import { attemptOutcomeOf, nextReceiveDelaySeconds } from './retry.ts';
import { signedHeaders } from './signing.ts';
import { signingSecrets, type Webhook } from './webhook.ts';

export interface DeliveryPolicy {
  /** Waits between the attempts of one receive (seed 002: 500, 1000, 2000 → four attempts). */
  retryDelaysMs: readonly number[];
  /** Each attempt's limit (seed 002: 3 s). */
  attemptTimeoutMs: number;
  /** Seconds before the next receive, by receive count (the last step repeats). */
  redeliverySchedule: readonly number[];
  /** Failed events in a row that disable an endpoint. */
  disableAfterFailures: number;
  address: AddressPolicy;
}

export type Send = (url: string, body: string, headers: Record<string, string>) => Promise<PostResult>;

export interface DeliveryContext {
  receiveCount: number;
  correlationId: string;
  policy: DeliveryPolicy;
  send: Send;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export type DeliveryResult =
  | { kind: 'delivered'; attempts: number }
  | { kind: 'failed'; error: string }
  | { kind: 'retry_later'; delaySeconds: number; error: string }
  | { kind: 'paused' }
  | { kind: 'skipped'; reason: string };

export async function attemptDelivery(message: DeliverMessage, context: DeliveryContext): Promise<DeliveryResult> {
  const { policy, send, sleep = pause, now = () => new Date() } = context;
  const ref: DeliveryRef = { tenantId: message.tenant_id, eventId: message.event_id, webhookId: message.webhook_id };
  const delivery = await findDelivery(ref);
  if (!delivery) return { kind: 'skipped', reason: 'no such delivery (expired, or never created)' };
  if (isSettled(delivery.status) || delivery.status === 'paused') return { kind: 'skipped', reason: `the delivery is ${delivery.status}` };

  const webhook = await findWebhook(ref.tenantId, ref.webhookId);
  if (!webhook) {
    await settleDelivery(ref, 'skipped', 'the webhook was deleted', now());
    return { kind: 'skipped', reason: 'the webhook was deleted' };
  }
  if (!webhook.enabled) {
    // Perhaps this delivery's own run disabled it, and died (or failed to publish) right after:
    // said before the pause, so a crash in between comes back here.
    if (delivery.failureCounted && disabledByFailures(webhook)) await announceDisabled(webhook, context.correlationId);
    await pauseDelivery(ref, now());
    return { kind: 'paused' };
  }
  const event = await findEvent(ref.tenantId, ref.eventId);
  if (!event) {
    await settleDelivery(ref, 'skipped', 'the event expired', now());
    return { kind: 'skipped', reason: 'the event expired' };
  }

  // The same bytes on every attempt; each attempt is signed afresh (its own timestamp).
  const body = JSON.stringify(webhookPayload(event));
  let number = delivery.attemptCount;
  let lastError = '';
  for (let i = 0; i <= policy.retryDelaysMs.length; i++) {
    if (i > 0) await sleep(policy.retryDelaysMs[i - 1]!);
    const at = now();
    const headers = {
      ...signedHeaders(signingSecrets(webhook, at), event.eventId, Math.floor(at.getTime() / 1000), body),
      'x-correlation-id': event.correlationId,
    };
    const result = await send(webhook.url, body, headers);
    const outcome = result.refused ? 'failed' : attemptOutcomeOf(result.statusCode);
    const error = outcome === 'succeeded' ? null : (result.error ?? `HTTP ${result.statusCode}`);
    const attempt: DeliveryAttempt = {
      number: ++number,
      receive: context.receiveCount,
      attemptedAt: at.toISOString(),
      statusCode: result.statusCode ?? null,
      latencyMs: result.latencyMs,
      outcome,
      error,
    };
    if (outcome === 'succeeded') {
      await recordAttempt(ref, attempt, { status: 'succeeded', deliveredAt: now().toISOString(), lastError: null, nextAttemptAt: null });
      if (webhook.consecutiveFailures > 0) await clearFailures(ref.tenantId, ref.webhookId);
      return { kind: 'delivered', attempts: number };
    }
    lastError = error!;
    if (outcome === 'failed') {
      await recordAttempt(ref, attempt, { status: 'failed', lastError, nextAttemptAt: null });
      await countEventFailure(ref, context);
      return { kind: 'failed', error: lastError };
    }
    const last = i === policy.retryDelaysMs.length;
    const waitMs = last ? nextReceiveDelaySeconds(policy.redeliverySchedule, context.receiveCount) * 1000 : policy.retryDelaysMs[i]!;
    const recorded = await recordAttempt(ref, attempt, {
      status: 'retrying',
      lastError,
      nextAttemptAt: new Date(at.getTime() + result.latencyMs + waitMs).toISOString(),
    });
    // Another copy of this message delivered it meanwhile: nothing left to retry.
    if (!recorded) return { kind: 'skipped', reason: 'delivered meanwhile by another copy of the message' };
  }
  if (await countEventFailure(ref, context)) {
    await pauseDelivery(ref, now());
    return { kind: 'paused' };
  }
  return { kind: 'retry_later', delaySeconds: nextReceiveDelaySeconds(policy.redeliverySchedule, context.receiveCount), error: lastError };
}

/** Counts this delivery (once) as a failed event of its endpoint; true when that disabled the endpoint. */
async function countEventFailure(ref: DeliveryRef, context: DeliveryContext): Promise<boolean> {
  if (!(await markFailureCounted(ref))) return false;
  const counted = await countFailure(ref.tenantId, ref.webhookId);
  const limit = context.policy.disableAfterFailures;
  if (!counted?.enabled || counted.consecutiveFailures < limit) return false;
  const at = (context.now ?? (() => new Date()))().toISOString();
  const disabled = await disableWebhook(ref.tenantId, ref.webhookId, failuresReason(counted.consecutiveFailures), at);
  if (!disabled) return false;
  await publish([disabledEvent(disabled, context.correlationId)]);
  return true;
}

/** `webhook.disabled` again, unless it was stored (then it was broadcast and fanned out before). */
async function announceDisabled(webhook: Webhook, correlationId: string): Promise<void> {
  const event = disabledEvent(webhook, correlationId);
  if (!(await findEvent(webhook.tenantId, platformEventId(event)))) await publish([event]);
}
