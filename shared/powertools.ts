// One Logger and one Metrics per container, configured from POWERTOOLS_* and LOG_LEVEL.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger();
export const metrics = new Metrics();

/** Flush metrics only when a handler recorded some (Powertools warns on an empty flush). */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
