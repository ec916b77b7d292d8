// The delivery worker (SQS, partial batch failures): delivers each (event, endpoint) message,
// signed, with up to four attempts in the invocation; a delivery still failing goes back to the
// queue after a growing delay (ChangeMessageVisibility, WEBHOOK_RETRY_SCHEDULE_SECONDS) until
// maxReceiveCount, then the DLQ, where the dead-letter recorder marks it dead_lettered. `replay`
// messages re-enqueue what a re-enabled endpoint missed. A message that is neither (the queue's
// contract) went straight to the DLQ before reaching the handler.
import { metrics } from '#shared/powertools/metrics.ts';
import { delayRedelivery, deliveryQueue, sendDeliveryMessages } from '#shared/queue/delivery.ts';
import { sqsWorker } from '#shared/queue/worker.ts';
import { attemptDelivery } from '#shared/webhooks/attempt-delivery.ts';
import { replayPaused } from '#shared/webhooks/replay-paused.ts';
import { postJson } from '#shared/webhooks/http-sender.ts';
import { deliveryPolicy } from '#shared/webhooks/settings.ts';

const policy = deliveryPolicy();
const send = (url: string, body: string, headers: Record<string, string>) =>
  postJson(url, body, headers, { timeoutMs: policy.attemptTimeoutMs, policy: policy.address });

/** Thrown to send the message back to the queue; its message becomes the dead letter's last error. */
class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
}

export const handler = sqsWorker(deliveryQueue, async ({ body: message, correlationId, receiveCount, record, logger }) => {
  if (message.kind === 'replay') {
    const { replayed, more } = await replayPaused(message, (messages) => sendDeliveryMessages(messages, correlationId));
    metrics.addMetric('deliveries_replayed', 'Count', replayed);
    logger.info('Missed deliveries replayed', { webhook_id: message.webhook_id, replayed, more });
    return;
  }
  const result = await attemptDelivery(message, { receiveCount, correlationId, policy, send });
  metrics.addMetric(`deliveries_${result.kind}`, 'Count', 1);
  logger.info('Delivery handled', { event_id: message.event_id, webhook_id: message.webhook_id, receive: receiveCount, ...result });
  if (result.kind === 'retry_later') {
    // Already visible again (the invocation outlasted the visibility timeout): it returns sooner than
    // planned, and the failure below is still what the dead letter records.
    if (!(await delayRedelivery(record.receiptHandle, result.delaySeconds))) {
      logger.warn('Delivery message no longer in flight; its retry is not delayed', { event_id: message.event_id, webhook_id: message.webhook_id });
    }
    throw new DeliveryFailed(`every attempt of receive ${receiveCount} failed; last: ${result.error}`);
  }
});
