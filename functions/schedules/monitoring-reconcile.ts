// Scheduled (every minute): recounts each tenant's agents and overwrites the monitoring aggregates
// that drifted (a writer that died between its status write and its delta), where provably right.
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '#shared/powertools/logger.ts';
import { publishMetrics } from '#shared/powertools/metrics.ts';
import { reconcileAll, type ReconcileResult } from '#shared/monitoring/reconcile-run.ts';

export async function handler(event: ScheduledEvent): Promise<ReconcileResult> {
  try {
    const result = await reconcileAll(event.id);
    logger.info('Monitoring aggregates reconciled', { ...result });
    return result;
  } finally {
    publishMetrics();
  }
}
