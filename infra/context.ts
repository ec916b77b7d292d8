// Deployment choices that live in cdk.json's context (overridable with `cdk deploy -c key=value`).
// The stack reads them through CDK; the twin reads the same file, so both answer alike.
import { readFileSync } from 'node:fs';

const CDK_JSON = new URL('../cdk.json', import.meta.url);

/** Context keys the app and the stack read (all optional; the stack's props override them). */
export const CONTEXT = {
  /** Name of the stack the app deploys (default `Scorecast`), e.g. `Scorecast-dev` for a second copy. */
  stackName: 'scorecast:stackName',
  /** JSON object (or a string of one) of setting overrides, e.g. {"JWT_ISSUERS": "[...]"}. */
  settings: 'scorecast:settings',
  /** Comma-separated allowed CORS origins; "*" (the default) allows any, without credentials. */
  corsOrigins: 'scorecast:corsOrigins',
  /** Email address subscribed to the alarm topic; empty means no subscription. */
  alarmEmail: 'scorecast:alarmEmail',
  /** `retain` (default) or `destroy` (dev stacks): the table, log groups and the alarm key. */
  removalPolicy: 'scorecast:removalPolicy',
  /**
   * `true` (default): the stack sets the account's API Gateway CloudWatch Logs role, which
   * WebSocket access logging requires. `false` when the account already has one.
   */
  apiGatewayCloudWatchRole: 'scorecast:apiGatewayCloudWatchRole',
  /**
   * `queue:min:max[,…]` (e.g. `broadcast:2:20`): those queues' event sources run in Lambda's
   * provisioned mode with that many event pollers, without their `maxConcurrency` (the two are
   * mutually exclusive). Absent (the default): every event source in standard mode.
   */
  provisionedPollers: 'scorecast:provisionedPollers',
  /**
   * Prefix of the Cognito domain the console signs in on (`<prefix>.auth.<region>.amazoncognito.com`).
   * Absent (the default): the stack name and 8 hex digits of the stack's id, e.g. `scorecast-1a2b3c4d`.
   */
  cognitoDomainPrefix: 'scorecast:cognitoDomainPrefix',
} as const;

export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** Origins allowed by CORS: a comma-separated list, or "*". */
export function corsOrigins(value: unknown = cdkJsonContext()[CONTEXT.corsOrigins]): string[] {
  const text = typeof value === 'string' && value.trim() ? value : '*';
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/**
 * Provisioned mode of one queue's event source mapping: event pollers Lambda keeps ready
 * (`ProvisionedPollerConfig`). Billed per poller-hour, so off unless asked for.
 */
export interface ProvisionedPollers {
  minimumPollers: number;
  maximumPollers: number;
}

/** Lambda's ranges for SQS event sources in provisioned mode (as aws-cdk-lib checks them). */
export const SQS_POLLER_RANGES = { minimumPollers: [2, 200], maximumPollers: [2, 2000] } as const;

const POLLERS_FORMAT = 'comma-separated queue:min:max entries, e.g. broadcast:2:20';

/** What is wrong with one queue's provisioned-mode setting, or undefined when it is usable. */
export function provisionedPollersProblem(queue: string, pollers: ProvisionedPollers, declaredQueues: readonly string[]): string | undefined {
  if (!declaredQueues.includes(queue)) return `${JSON.stringify(queue)} is not a declared queue (declared: ${declaredQueues.join(', ')})`;
  for (const field of ['minimumPollers', 'maximumPollers'] as const) {
    const [low, high] = SQS_POLLER_RANGES[field];
    const value = pollers[field];
    if (!Number.isInteger(value) || value < low || value > high)
      return `${queue}: ${field} must be a whole number from ${low} to ${high}, not ${value}`;
  }
  if (pollers.minimumPollers > pollers.maximumPollers)
    return `${queue}: minimumPollers (${pollers.minimumPollers}) is above maximumPollers (${pollers.maximumPollers})`;
  return undefined;
}

/**
 * Queues whose event source runs in provisioned mode, from `queue:min:max[,queue:min:max…]`
 * (`-c scorecast:provisionedPollers=broadcast:2:20`). Absent or empty: none. Anything else that
 * does not parse, names an undeclared queue or leaves Lambda's ranges throws, naming the context key.
 */
export function provisionedPollers(value: unknown, declaredQueues: readonly string[]): Record<string, ProvisionedPollers> {
  const key = CONTEXT.provisionedPollers;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string of ${POLLERS_FORMAT}`);
  const result: Record<string, ProvisionedPollers> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(entry);
    if (!match) throw new Error(`Context ${key}: ${JSON.stringify(entry)} is not queue:min:max (${POLLERS_FORMAT})`);
    const [, queue, min, max] = match as unknown as [string, string, string, string];
    if (Object.hasOwn(result, queue)) throw new Error(`Context ${key}: queue ${queue} is named twice`);
    const pollers = { minimumPollers: Number(min), maximumPollers: Number(max) };
    const problem = provisionedPollersProblem(queue, pollers, declaredQueues);
    if (problem) throw new Error(`Context ${key}: ${problem}`);
    result[queue] = pollers;
  }
  return result;
}
