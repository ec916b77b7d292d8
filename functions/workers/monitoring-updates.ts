// The monitoring queue's consumer: each batch publishes at most one `monitoring` channel update
// per tenant (its grouped counts), at most MONITORING_UPDATES_PER_SECOND per tenant; a tenant whose
// next slot does not come before the deadline has its messages returned (partial batch failure).
import { integerEnv } from '#shared/config/env.ts';
import { slotIntervalMs, type UpdateRequest } from '#shared/monitoring/coalesce.ts';
import { publishMonitoringUpdates } from '#shared/monitoring/updates.ts';
import { logger } from '#shared/powertools/logger.ts';
import { correlationIdOf, sqsBatchWorker } from '#shared/queue/worker.ts';

const intervalMs = slotIntervalMs(integerEnv('MONITORING_UPDATES_PER_SECOND', 2));
/** Time kept back from the invocation's timeout for the publish after the last wait. */
const RESERVE_MS = 5_000;

function requestOf(body: string, messageId: string): UpdateRequest | undefined {
  try {
    const parsed = JSON.parse(body) as { tenant_id?: unknown; generation?: unknown };
    if (typeof parsed.tenant_id === 'string' && typeof parsed.generation === 'number')
      return { tenantId: parsed.tenant_id, generation: parsed.generation, messageId };
  } catch {
    // not JSON: below
  }
  return undefined;
}

export const handler = sqsBatchWorker(async (event, context) => {
  const requests: UpdateRequest[] = [];
  const correlation = new Map<string, string>();
  for (const record of event.Records) {
    const request = requestOf(record.body, record.messageId);
    // A malformed message asks for nothing; retrying it would not help.
    if (!request) logger.warn('Monitoring message ignored: not {tenant_id, generation}', { message_id: record.messageId });
    else requests.push(request);
    correlation.set(record.messageId, correlationIdOf(record));
  }
  const failed = await publishMonitoringUpdates(requests, {
    intervalMs,
    deadlineMs: Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS,
    correlationIdOf: (messageId) => correlation.get(messageId) ?? messageId,
  });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
