// The scoring queue: one message per submission to (re)score.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { correlationAttributes } from './message.ts';

const queueUrl = requiredEnv(queueUrlVariable('scoring'));

export interface ScoringRequest {
  tenant_id: string;
  submission_id: string;
  reason: 'submitted' | 'rescore' | 'sweep';
}

export async function requestScoring(request: ScoringRequest, correlationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(request),
      MessageAttributes: correlationAttributes(correlationId),
    }),
  );
}
