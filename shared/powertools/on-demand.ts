// The shared Logger and Metrics, loaded on first use. An HTTP route that succeeds logs nothing and
// records no metric, so its cold start need not evaluate Powertools: in the esbuild ESM bundle a
// dynamic import() of a bundled module is a lazily evaluated wrapper. Domain code that HTTP routes
// share logs and counts through loadLogger()/loadMetrics() too, so a route creates them only when it
// has something to say (the queue workers import logger.ts and metrics.ts, creating them at start;
// these functions see that instance).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';

let createdLogger: Logger | undefined;
let createdMetrics: Metrics | undefined;

let whenLoggerCreated: ((logger: Logger) => void) | undefined;

/**
 * While an HTTP invocation runs, its log (shared/http/invocation-log.ts) asks to set up a Logger
 * that code creates meanwhile (loadLogger() below), so the line carries the request's context and keys.
 */
export const onLoggerCreated = (setUp: ((logger: Logger) => void) | undefined) => void (whenLoggerCreated = setUp);

/** Called by logger.ts / metrics.ts when they create the instance. */
export const noteLogger = (logger: Logger) => {
  createdLogger = logger;
  whenLoggerCreated?.(logger);
};
export const noteMetrics = (metrics: Metrics) => void (createdMetrics = metrics);

/** The Logger if anything has created it yet (without loading it). */
export const loggerIfCreated = (): Logger | undefined => createdLogger;

export const loadLogger = async (): Promise<Logger> => (await import('./logger.ts')).logger;
export const loadMetrics = async (): Promise<Metrics> => (await import('./metrics.ts')).metrics;

/** Flush metrics only when some were recorded (Powertools warns on an empty flush); nothing to do when Metrics was never created. */
export function publishMetricsIfAny(): void {
  if (createdMetrics?.hasStoredMetrics()) createdMetrics.publishStoredMetrics();
}
