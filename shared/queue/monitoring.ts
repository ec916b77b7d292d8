// The monitoring queue: "this tenant's counts changed", at most one message waiting per tenant
// (the dirty mark decides who sends). The monitoring worker coalesces them into updates.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { correlationAttributes } from './message.ts';

const queueUrl = requiredEnv(queueUrlVariable('monitoring'));

export interface MonitoringUpdateRequest {
  tenant_id: string;
  /** The dirty mark's generation: an update published with a generation at least this covers the request. */
  generation: number;
}

export async function requestMonitoringUpdate(request: MonitoringUpdateRequest, correlationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(request),
      MessageAttributes: correlationAttributes(correlationId),
    }),
  );
}
