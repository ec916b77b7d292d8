// The delivery queue: one message per (event, endpoint) to deliver, and `replay` messages that
// re-enqueue what a re-enabled endpoint missed. Messages carry ids only; the worker reads the rest.
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { queueContract } from './contract.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: functions that import publish() without publishing need no queue URL. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('delivery'));

function deliveryMessageSchemas() {
  const id = z.string().check(z.minLength(1), z.maxLength(128));
  /** One (event, endpoint) to deliver. `kind` may be absent: messages sent before it existed are deliveries. */
  const deliver = z.pipe(
    z.object({ kind: z.optional(z.literal('deliver')), tenant_id: id, event_id: id, webhook_id: id }),
    z.transform((message) => ({ ...message, kind: 'deliver' as const })),
  );
  /** Re-enqueue what a re-enabled endpoint missed. */
  const replay = z.object({ kind: z.literal('replay'), tenant_id: id, webhook_id: id });
  return { deliver, replay, message: z.union([replay, deliver]) };
}
type Schemas = ReturnType<typeof deliveryMessageSchemas>;
export type DeliveryQueueMessage = z.output<Schemas['message']>;
export type DeliverMessage = z.output<Schemas['deliver']>;
export type ReplayMessage = z.output<Schemas['replay']>;

export const deliveryQueue = queueContract('delivery', () => deliveryMessageSchemas().message);

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
