// Turns the wiring declaration into each function's environment. The stack passes CDK tokens as
// resource references, the twin passes loopback URLs: the variables are named here and only here.
import type { Access, FunctionDecl, Wiring } from './wiring-types.ts';

export interface ResourceRefs {
  tableName: string;
  queueUrl(queue: string): string;
  deadLetterQueueUrl(queue: string): string;
  webSocketCallbackUrl: string;
}

export const queueUrlVariable = (queue: string) => `${constantCase(queue)}_QUEUE_URL`;
export const deadLetterQueueUrlVariable = (queue: string) => `${constantCase(queue)}_DLQ_URL`;
export const deadLetterQueueName = (queue: string) => `${queue}-dlq`;
export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** Route key → access for the routes this function serves (read by the handler plumbing). */
export function routeAccessFor(wiring: Wiring, fn: string): Record<string, Access> {
  const access: Record<string, Access> = {};
  for (const route of wiring.http.routes) {
    if (route.function === fn) access[routeKey(route)] = route.access;
  }
  return access;
}

/** Route keys on which agents may call a role route (read by the handler plumbing). */
export function agentRoutesFor(wiring: Wiring, fn: string): string[] {
  return wiring.http.routes.filter((r) => r.function === fn && r.agents).map(routeKey);
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
    NODE_OPTIONS: '--enable-source-maps',
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
  for (const name of decl.settings ?? []) {
    const setting = wiring.settings[name];
    if (!setting) throw new Error(`Function ${fn} reads undeclared setting ${name}`);
    env[name] = settingValues[name] ?? setting.default;
  }
  if (fn === wiring.authorizer.function) env.WS_TOKEN_PARAMETER = wiring.authorizer.webSocketTokenParameter;
  const access = routeAccessFor(wiring, fn);
  if (Object.keys(access).length > 0) {
    env.ROUTE_ACCESS = JSON.stringify(access);
    const agentRoutes = agentRoutesFor(wiring, fn);
    if (agentRoutes.length > 0) env.AGENT_ROUTES = JSON.stringify(agentRoutes);
    env.MAX_BODY_BYTES = settingValues.MAX_BODY_BYTES ?? wiring.settings.MAX_BODY_BYTES?.default ?? '262144';
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
    if (route.agents && (route.access === 'public' || route.access === 'principal'))
      problems.push(`route ${key}: agents applies only to role routes`);
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
      if ('deadLetterQueue' in use && !wiring.queues[use.deadLetterQueue])
        problems.push(`function ${fn} uses unknown queue ${use.deadLetterQueue}`);
    }
    for (const name of decl.settings ?? []) if (!wiring.settings[name]) problems.push(`function ${fn} reads undeclared setting ${name}`);
  }
  return problems;
}

function constantCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}
