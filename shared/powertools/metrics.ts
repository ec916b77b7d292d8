// One Metrics per container (EMF), configured from POWERTOOLS_METRICS_NAMESPACE. Its own module so
// functions that record no metric (the authorizer) do not carry it.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { noteMetrics } from './on-demand.ts';

export const metrics = new Metrics();
noteMetrics(metrics);

/** Flush metrics only when a handler recorded some (Powertools warns on an empty flush). */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
