// Turns the wiring declaration into each function's environment. The stack passes CDK tokens as
// resource references, the twin passes loopback URLs: the variables are named here and only here.
import { settingValueProblem } from '#shared/config/setting-types.ts';
import { rateLimitSetting, type RoutePolicy } from '#shared/contract/access.ts';
import type { FunctionDecl, Wiring } from '#shared/contract/declaration.ts';
import { deadLetterQueueName, deadLetterQueueUrlVariable, queueUrlVariable } from '#shared/contract/queues.ts';
import { routeKey, routePolicy } from '#shared/contract/routes.ts';

// The names runtime and deployment share live in shared/contract/; re-exported for infra's callers.
export { rateLimitSetting } from '#shared/contract/access.ts';
export {
  deadLetterQueueName,
  deadLetterQueueUrlVariable,
  isDeadLetterQueueName,
  queueUrlVariable,
  sourceOfDeadLetterQueueName,
} from '#shared/contract/queues.ts';
export { routeKey, routePolicy } from '#shared/contract/routes.ts';

export interface ResourceRefs {
  tableName: string;
  queueUrl(queue: string): string;
  deadLetterQueueUrl(queue: string): string;
  webSocketCallbackUrl: string;
}

/**
 * Every DLQ, in the stack and the twin alike: kept for SQS's maximum, so a dead letter outlives any
 * source queue; drained (when its queue names a deadLetterConsumer) gently, in batches of 10 by
 * at most 2 invocations — recording dead letters is not urgent.
 */
export const DEAD_LETTERS = { retentionDays: 14, batchSize: 10, maxConcurrency: 2 } as const;

/**
 * A DLQ's visibility timeout, in seconds: six times its consumer's timeout (Lambda refuses an event
 * source whose queue's visibility timeout is below the function's); undefined without a consumer
 * (SQS's default).
 */
export const deadLetterVisibilitySeconds = (consumerTimeoutSeconds: number | undefined) =>
  consumerTimeoutSeconds === undefined ? undefined : 6 * consumerTimeoutSeconds;

/** Settings the plumbing reads for the routes a function serves, beyond the function's own. */
function plumbingSettings(policies: RoutePolicy[]): string[] {
  if (policies.length === 0) return [];
  const names = ['MAX_BODY_BYTES'];
  if (policies.some((p) => p.action)) names.push('AUDIT_RETENTION_DAYS');
  for (const bucket of new Set(policies.map((p) => p.rateLimit))) if (bucket) names.push(rateLimitSetting(bucket));
  return names;
}

export function functionEnvironment(
  wiring: Wiring,
  fn: string,
  refs: ResourceRefs,
  settingValues: Record<string, string | undefined> = {},
): Record<string, string> {
  const decl: FunctionDecl | undefined = wiring.functions[fn];
  if (!decl) throw new Error(`Unknown function ${fn}`);
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: wiring.service,
    POWERTOOLS_METRICS_NAMESPACE: 'Scorecast',
    LOG_LEVEL: settingValues.LOG_LEVEL ?? wiring.settings.LOG_LEVEL?.default ?? 'INFO',
  };
  for (const use of decl.uses ?? []) {
    if ('table' in use) env.TABLE_NAME = refs.tableName;
    else if ('queue' in use) env[queueUrlVariable(use.queue)] = refs.queueUrl(use.queue);
    else if ('deadLetterQueue' in use) env[deadLetterQueueUrlVariable(use.deadLetterQueue)] = refs.deadLetterQueueUrl(use.deadLetterQueue);
    else if ('allQueues' in use) {
      const urls: Record<string, string> = {};
      for (const queue of Object.keys(wiring.queues)) {
        urls[queue] = refs.queueUrl(queue);
        urls[deadLetterQueueName(queue)] = refs.deadLetterQueueUrl(queue);
      }
      env.QUEUE_URLS = JSON.stringify(urls);
    } else if ('connections' in use) env.WEBSOCKET_CALLBACK_URL = refs.webSocketCallbackUrl;
  }
  if (fn === wiring.authorizer.function) env.WS_TOKEN_PARAMETER = wiring.authorizer.webSocketTokenParameter;
  const policies = wiring.http.routes.filter((route) => route.function === fn).map(routePolicy);
  for (const name of [...(decl.settings ?? []), ...plumbingSettings(policies)]) {
    const setting = wiring.settings[name];
    if (!setting) throw new Error(`Function ${fn} reads undeclared setting ${name}`);
    env[name] = settingValues[name] ?? setting.default;
  }
  return env;
}

/** Every mistake a declaration can hold that would otherwise surface only at deploy or run time. */
export function wiringProblems(wiring: Wiring): string[] {
  const problems: string[] = [];
  const fnExists = (name: string, where: string) => {
    if (!wiring.functions[name]) problems.push(`${where} names unknown function ${name}`);
  };
  fnExists(wiring.authorizer.function, 'authorizer');
  const seen = new Set<string>();
  for (const route of wiring.http.routes) {
    const key = routeKey(route);
    if (seen.has(key)) problems.push(`route ${key} is declared twice`);
    seen.add(key);
    fnExists(route.function, `route ${key}`);
    if (route.agents && (route.access === 'public' || route.access === 'principal' || route.access === 'agent'))
      problems.push(`route ${key}: agents applies only to role routes`);
    const policy = routePolicy(route);
    if (route.method !== 'GET' && route.audit !== false && !route.action)
      problems.push(`route ${key}: a mutation needs an audit action (or audit: false)`);
    const uses = wiring.functions[route.function]?.uses ?? [];
    if ((policy.action || policy.rateLimit || policy.idempotent) && !uses.some((use) => 'table' in use && use.table === 'readWrite'))
      problems.push(`route ${key}: ${route.function} must use the table readWrite (audit and rate limits live there)`);
    if (policy.rateLimit && !wiring.settings[rateLimitSetting(policy.rateLimit)])
      problems.push(`route ${key}: setting ${rateLimitSetting(policy.rateLimit)} is not declared`);
  }
  for (const [key, fn] of Object.entries(wiring.webSocket.routes)) fnExists(fn, `WebSocket route ${key}`);
  for (const [name, queue] of Object.entries(wiring.queues)) {
    fnExists(queue.consumer, `queue ${name}`);
    if (queue.deadLetterConsumer) fnExists(queue.deadLetterConsumer, `queue ${name} DLQ`);
    const consumer = wiring.functions[queue.consumer];
    if (consumer && queue.visibilityTimeoutSeconds < 6 * consumer.timeoutSeconds)
      problems.push(`queue ${name}: visibility timeout must be at least 6x ${queue.consumer}'s timeout`);
    if (queue.maxConcurrency < 2) problems.push(`queue ${name}: maximum concurrency must be at least 2`);
    if (queue.batchSize < 1 || queue.batchSize > 10_000) problems.push(`queue ${name}: batch size out of range`);
  }
  for (const [name, schedule] of Object.entries(wiring.schedules)) fnExists(schedule.function, `schedule ${name}`);
  for (const [fn, decl] of Object.entries(wiring.functions)) {
    for (const use of decl.uses ?? []) {
      if ('queue' in use && !wiring.queues[use.queue]) problems.push(`function ${fn} uses unknown queue ${use.queue}`);
      if ('deadLetterQueue' in use && !wiring.queues[use.deadLetterQueue]) problems.push(`function ${fn} uses unknown queue ${use.deadLetterQueue}`);
    }
    for (const name of decl.settings ?? []) if (!wiring.settings[name]) problems.push(`function ${fn} reads undeclared setting ${name}`);
  }
  for (const [name, setting] of Object.entries(wiring.settings)) {
    const problem = settingValueProblem(name, setting.type, setting.default);
    if (problem) problems.push(`setting ${name}: its default is refused by its own type (${problem})`);
  }
  return problems;
}
