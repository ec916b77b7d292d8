// The judging queue: one message per submission whose version has judge-scored tasks (the scoring
// worker routes them here). Its own queue and worker because judge calls are slow: batch 1 and a
// timeout that covers the worst case of one submission's judge calls (shared/judges/timing.ts).
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { queueContract } from './contract.ts';
import { isNotInFlight } from './delivery.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: the scoring worker sends here; the judging worker and the recorder only read the contract. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('judging'));

const judgingRequestSchema = () => {
  const id = z.string().check(z.minLength(1), z.maxLength(128));
  return z.object({ tenant_id: id, submission_id: id, reason: z.enum(['submitted', 'rescore', 'sweep']) });
};
export type JudgingRequest = z.infer<ReturnType<typeof judgingRequestSchema>>;

export const judgingQueue = queueContract('judging', judgingRequestSchema);

export async function requestJudging(request: JudgingRequest, correlationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(),
      MessageBody: JSON.stringify(judgingQueue.schema.parse(request)),
      MessageAttributes: correlationAttributes(correlationId),
    }),
  );
}

/** The message comes back after `seconds` instead of the visibility timeout; false when it is no longer in flight. */
export async function delayJudging(receiptHandle: string, seconds: number): Promise<boolean> {
  try {
    await sqsClient.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl(), ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    return true;
  } catch (error) {
    if (isNotInFlight(error)) return false;
    throw error;
  }
}
