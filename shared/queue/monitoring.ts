// The monitoring queue: "this tenant's counts changed", at most one message waiting per tenant
// (the dirty mark decides who sends). The monitoring worker coalesces them into updates.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { queueContract } from './contract.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: the monitoring worker reads the contract and never sends. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('monitoring'));

const monitoringUpdateSchema = () =>
  z.object({
    tenant_id: z.string().check(z.minLength(1), z.maxLength(128)),
    /** The dirty mark's generation: an update published with a generation at least this covers the request. */
    generation: z.number(),
  });
export type MonitoringUpdateRequest = z.infer<ReturnType<typeof monitoringUpdateSchema>>;

export const monitoringQueue = queueContract('monitoring', monitoringUpdateSchema);

export async function requestMonitoringUpdate(request: MonitoringUpdateRequest, correlationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(),
      MessageBody: JSON.stringify(request),
      MessageAttributes: correlationAttributes(correlationId),
    }),
  );
}
