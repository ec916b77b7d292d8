// Proves a queue answers: GetQueueAttributes (the only action the health function is granted).
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './client.ts';

export async function probeQueue(queueUrl: string, signal: AbortSignal): Promise<void> {
  await sqsClient.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }), {
    abortSignal: signal,
  });
}
