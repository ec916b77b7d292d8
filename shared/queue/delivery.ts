// The delivery queue: one message per (event, endpoint) to deliver, and `replay` messages that
// re-enqueue what a re-enabled endpoint missed. Messages carry ids only; the worker reads the rest.
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { queueUrlVariable } from '#infra/wiring-env.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: functions that import publish() without publishing need no queue URL. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('delivery'));

export interface DeliverMessage {
  kind: 'deliver';
  tenant_id: string;
  event_id: string;
  webhook_id: string;
}

export interface ReplayMessage {
  kind: 'replay';
  tenant_id: string;
  webhook_id: string;
}

export type DeliveryQueueMessage = DeliverMessage | ReplayMessage;

/** The message a delivery queue body holds; undefined when it is not one (retrying it could not help). */
export function deliveryMessageOf(body: unknown): DeliveryQueueMessage | undefined {
  const { kind, tenant_id, event_id, webhook_id } = body as { [K in 'kind' | 'tenant_id' | 'event_id' | 'webhook_id']?: unknown };
  if (typeof tenant_id !== 'string' || typeof webhook_id !== 'string') return undefined;
  if (kind === 'replay') return { kind, tenant_id, webhook_id };
  return typeof event_id === 'string' ? { kind: 'deliver', tenant_id, event_id, webhook_id } : undefined;
}

/** Sends every message, ten per SendMessageBatch; throws if any could not be sent. */
export async function sendDeliveryMessages(messages: readonly DeliveryQueueMessage[], correlationId: string): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const { Failed = [] } = await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(),
        Entries: chunk.map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message),
          MessageAttributes: correlationAttributes(correlationId),
        })),
      }),
    );
    if (Failed.length > 0) throw new Error(`${Failed.length} delivery message(s) not sent: ${Failed[0]?.Code} ${Failed[0]?.Message ?? ''}`);
  }
}

/**
 * The message comes back after `seconds` (its next receive), instead of after the queue's visibility
 * timeout. False when it is no longer in flight (the invocation outlasted its visibility timeout, so
 * it is visible again or already received by another poller): there is nothing left to delay.
 */
export async function delayRedelivery(receiptHandle: string, seconds: number): Promise<boolean> {
  try {
    await sqsClient.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl(), ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    return true;
  } catch (error) {
    if (isNotInFlight(error)) return false;
    throw error;
  }
}

/**
 * SQS's answers to ChangeMessageVisibility on a message whose visibility timeout has run out:
 * MessageNotInflight, ReceiptHandleIsInvalid (moto, and SQS for a handle superseded by a newer
 * receive), or InvalidParameterValue "… ReceiptHandle … is not available for visibility timeout change".
 */
export function isNotInFlight(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'MessageNotInflight' || name === 'ReceiptHandleIsInvalid') return true;
  return name === 'InvalidParameterValue' && typeof message === 'string' && /receipt ?handle|visibility timeout change/i.test(message);
}
