// Scheduled (every minute): agents silent for longer than HEARTBEAT_TIMEOUT_SECONDS become offline
// (a transition: aggregates, monitoring update, agent.status_changed).
import type { ScheduledEvent } from 'aws-lambda';
import { readSettings } from '#shared/config/settings.ts';
import { logger } from '#shared/powertools/logger.ts';
import { publishMetrics } from '#shared/powertools/metrics.ts';
import { sweepSilentAgents, type SweepResult } from '#shared/monitoring/sweep.ts';
import { HEARTBEAT_TIMEOUT_SECONDS } from '#shared/contract/settings.ts';

const { HEARTBEAT_TIMEOUT_SECONDS: timeoutSeconds } = readSettings({ HEARTBEAT_TIMEOUT_SECONDS });

export async function handler(event: ScheduledEvent): Promise<SweepResult> {
  try {
    const result = await sweepSilentAgents(timeoutSeconds, event.id);
    if (result.swept > 0) logger.info('Silent agents marked offline', { ...result, heartbeat_timeout_seconds: timeoutSeconds });
    return result;
  } finally {
    publishMetrics();
  }
}
