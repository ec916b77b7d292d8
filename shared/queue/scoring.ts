// The scoring queue: one message per submission to (re)score. Its contract (the message schema)
// is checked by the worker plumbing before the scoring worker sees a message.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { queueContract } from './contract.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: the scoring worker and the dead-letter recorder read the contract and never send. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('scoring'));

const scoringRequestSchema = () => {
  const id = z.string().check(z.minLength(1), z.maxLength(128));
  return z.object({ tenant_id: id, submission_id: id, reason: z.enum(['submitted', 'rescore', 'sweep']) });
};
export type ScoringRequest = z.infer<ReturnType<typeof scoringRequestSchema>>;

export const scoringQueue = queueContract('scoring', scoringRequestSchema);

export async function requestScoring(request: ScoringRequest, correlationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(),
      MessageBody: JSON.stringify(request),
      MessageAttributes: correlationAttributes(correlationId),
    }),
  );
}
