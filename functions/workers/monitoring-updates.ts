// The monitoring queue's consumer: each batch publishes at most one `monitoring` channel update
// per tenant (its grouped counts), at most MONITORING_UPDATES_PER_SECOND per tenant; a tenant whose
// next slot does not come before the deadline has its messages returned (partial batch failure).
// A message that breaks the monitoring queue's contract goes straight to the DLQ with the reason.
import type { SQSRecord } from 'aws-lambda';
import { readSettings } from '#shared/config/settings.ts';
import { MONITORING_UPDATES_PER_SECOND } from '#shared/contract/settings.ts';
import { slotIntervalMs, type UpdateRequest } from '#shared/monitoring/coalesce.ts';
import { publishMonitoringUpdates } from '#shared/monitoring/publish-updates.ts';
import { logger } from '#shared/powertools/logger.ts';
import { monitoringQueue } from '#shared/queue/monitoring.ts';
import { checkRecord, correlationIdOf, rejectMessage, sqsBatchWorker } from '#shared/queue/worker.ts';

const intervalMs = slotIntervalMs(readSettings({ MONITORING_UPDATES_PER_SECOND }).MONITORING_UPDATES_PER_SECOND);
/** Time kept back from the invocation's timeout for the publish after the last wait. */
const RESERVE_MS = 5_000;

export const handler = sqsBatchWorker(async (event, context) => {
  const requests: UpdateRequest[] = [];
  const refused: Refused[] = [];
  const correlation = new Map<string, string>();
  for (const record of event.Records) {
    const parsed = checkRecord(monitoringQueue, record);
    if (parsed.ok) requests.push({ tenantId: parsed.value.tenant_id, generation: parsed.value.generation, messageId: record.messageId });
    else refused.push({ record, reason: parsed.error });
    correlation.set(record.messageId, correlationIdOf(record));
  }
  const notRefused = await refuseAll(refused);
  const failed = await publishMonitoringUpdates(requests, {
    intervalMs,
    deadlineMs: Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS,
    correlationIdOf: (messageId) => correlation.get(messageId) ?? messageId,
  });
  return { batchItemFailures: [...notRefused, ...failed].map((itemIdentifier) => ({ itemIdentifier })) };
});

/** Sends each refused record to the DLQ; answers the ids of those that could not be sent (they return to the queue). */
interface Refused {
  record: SQSRecord;
  reason: string;
}

async function refuseAll(refused: readonly Refused[]): Promise<string[]> {
  const results = await Promise.allSettled(
    refused.map(({ record, reason }) => {
      const recordLogger = logger.createChild({ persistentKeys: { correlation_id: correlationIdOf(record), message_id: record.messageId } });
      return rejectMessage(monitoringQueue.queue, record, reason, recordLogger);
    }),
  );
  return refused.filter((_, i) => results[i]!.status === 'rejected').map(({ record }) => record.messageId);
}
