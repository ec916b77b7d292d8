// The local twin: the stack's wiring on one machine. Embedded DynamoDB and SQS, the function
// host (each declared function as an esbuild bundle in its own worker thread), the HTTP and
// WebSocket gateways, the queue pollers, the schedules and a local token issuer — all built from
// the same declaration the CDK stack reads.
import { join } from 'node:path';
import { wiring as declaredWiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { functionEnvironment } from '#infra/wiring-env.ts';
import { corsOrigins } from '#infra/context.ts';
import { applyAwsEnvironment } from './aws-env.ts';
import { engineSettingsFromEnv, startTwinEngines, type EngineSettings, type TwinEngines } from './external-engines.ts';
import { createFunctionHost, type FunctionHost } from './function-host.ts';
import { startHttpGateway } from './http-gateway.ts';
import { startLocalIssuer, type LocalIssuer } from './issuer.ts';
import { startLambdaApi } from './lambda-api.ts';
import { startPollers } from './pollers.ts';
import { responseCheckFromEnv } from './response-contract.ts';
import { resumePendingWork } from './resume.ts';
import { startScheduler } from './scheduler.ts';
import { DEMO_ROLES, DEMO_TENANT, seedDemo } from './seed.ts';
import { startTwinConsole, twinConsoleConfig, withConsoleOrigin, type TwinConsole } from './console-twin.ts';
import { TWIN_SETTINGS } from './settings.ts';
import type { LocalJson } from './state.ts';
import { startWebSocketGateway, type PostQuota } from './ws-gateway.ts';

export interface TwinOptions {
  wiring?: Wiring;
  /** Where bundles and (with persist) data live. */
  stateDir?: string;
  /**
   * Keep the table and the issuer's key under <stateDir>/data across restarts; at start, work left
   * pending by the last run (its queue messages are not kept) is enqueued again (resume.ts).
   */
  persist?: boolean;
  httpPort?: number;
  wsPort?: number;
  issuerPort?: number;
  lambdaPort?: number;
  /**
   * Serve the web console (built from console/, cached) on this port (0: any free one); `npm start`
   * does. Omitted: no console (tests that do not drive a browser skip its build).
   */
  consolePort?: number;
  /** Overrides of declared settings (function environment); a JWT_ISSUERS adds to the local issuer. */
  settings?: Record<string, string>;
  /** Schedules run this many times faster than declared. */
  clockScale?: number;
  /** Receives every function's log lines; default prints them prefixed by the function name. */
  onLog?: (fn: string, line: string) => void;
  /**
   * WebSocket gateway options: timeouts (tests shorten them), @connections latency (benchmarks)
   * and the emulated account request quota on @connections (throttling tests; default off).
   */
  webSocket?: { idleTimeoutMs?: number; maxConnectionMs?: number; postLatencyMs?: number; postQuota?: PostQuota };
  /** Extra trusted issuers besides the local one (tests add a second issuer). */
  extraIssuers?: { issuer: string; audience: string }[];
  /**
   * External engines and resource names (external-engines.ts). Default: from the environment
   * (SCORECAST_DYNAMODB_ENDPOINT, SCORECAST_SQS_ENDPOINT, SCORECAST_TABLE_NAME, SCORECAST_QUEUE_PREFIX).
   */
  engines?: EngineSettings;
}

export interface Twin {
  wiring: Wiring;
  httpUrl: string;
  wsUrl: string;
  callbackUrl: string;
  engines: TwinEngines;
  issuer: LocalIssuer;
  /** The console's address (no trailing slash) and whether its build came from the cache, when served. */
  console?: { url: string; build: TwinConsole['outcome'] };
  /** The demo seed, as written to .scorecast/local.json by `npm start`. */
  local: LocalJson;
  invoke(fn: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const startedAt = new Date();
  const wiring = options.wiring ?? declaredWiring;
  const stateDir = options.stateDir ?? '.scorecast';
  const dataDir = join(stateDir, 'data');
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    applyAwsEnvironment(); // dummy credentials and region before any SDK client exists
    const engines = await startTwinEngines({
      wiring,
      persistDir: options.persist ? dataDir : undefined,
      ...(options.engines ?? engineSettingsFromEnv()),
    });
    stops.push(() => engines.stop());
    applyAwsEnvironment(engines);

    const issuer = await startLocalIssuer({
      port: options.issuerPort ?? 0,
      keyFile: options.persist ? join(dataDir, 'issuer-key.json') : undefined,
      signIn: { tenant: DEMO_TENANT, roles: [...DEMO_ROLES] },
    });
    stops.push(() => issuer.close());

    // Before the gateways: the HTTP API's CORS names the console's origin when cdk.json lists origins.
    const consoleApp = options.consolePort === undefined ? undefined : await startTwinConsole(options.consolePort);
    if (consoleApp) stops.push(() => consoleApp.server.close());

    const { host, ws, http } = await startFunctionsAndGateways({
      wiring,
      stateDir,
      engines,
      settings: twinSettings(options, issuer),
      options,
      stops,
      consoleUrl: consoleApp?.server.url,
    });
    startEventSources(wiring, host, engines, options, stops);

    const lambdaApi = await startLambdaApi({ wiring, invoker: host, port: options.lambdaPort ?? 0 });
    stops.push(() => lambdaApi.close());

    const local = await seedDemo({ issuer, httpUrl: http.url, wsUrl: ws.url, lambdaEndpoint: lambdaApi.url, engines });
    if (consoleApp) {
      consoleApp.server.configure(twinConsoleConfig({ httpUrl: http.url, wsUrl: ws.url, issuerUrl: issuer.issuer, audience: issuer.audience }));
      local.console_url = consoleApp.server.url;
    }

    // After the seed: the resumed backlog's cold starts must not compete with the seed's first calls.
    if (options.persist) await resumePendingWork({ wiring, invoker: host, since: startedAt });

    let stopped: Promise<void> | undefined;
    return {
      wiring,
      httpUrl: http.url,
      wsUrl: ws.url,
      callbackUrl: ws.callbackUrl,
      engines,
      issuer,
      ...(consoleApp ? { console: { url: consoleApp.server.url, build: consoleApp.outcome } } : {}),
      local,
      invoke: (fn, event) => host.invoke(fn, event),
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The functions' settings: the twin's, the caller's overrides, and the local issuer added to JWT_ISSUERS. */
function twinSettings(options: TwinOptions, issuer: LocalIssuer): Record<string, string> {
  // As in the stack, a configured JWT_ISSUERS adds to the platform's own issuer instead of replacing it.
  const { JWT_ISSUERS: configuredIssuers, ...overrides } = options.settings ?? {};
  return {
    ...TWIN_SETTINGS,
    ...overrides,
    JWT_ISSUERS: JSON.stringify([
      { issuer: issuer.issuer, audience: issuer.audience, token_use: 'id' },
      ...(options.extraIssuers ?? []),
      ...(configuredIssuers ? (JSON.parse(configuredIssuers) as unknown[]) : []),
    ]),
  };
}

interface FunctionsAndGateways {
  wiring: Wiring;
  stateDir: string;
  engines: TwinEngines;
  settings: Record<string, string>;
  options: TwinOptions;
  stops: (() => Promise<void>)[];
  consoleUrl?: string;
}

/** The function host (every bundle built), then the WebSocket gateway, whose callback URL the functions get, then the HTTP gateway. */
async function startFunctionsAndGateways({ wiring, stateDir, engines, settings, options, stops, consoleUrl }: FunctionsAndGateways) {
  // The WebSocket callback URL is known once its gateway listens; workers start lazily after that.
  let callbackUrl = '';
  const host = createFunctionHost({
    wiring,
    engines,
    bundleDir: join(stateDir, 'build'),
    onLog: options.onLog,
    environment: (fn) =>
      functionEnvironment(
        wiring,
        fn,
        {
          tableName: engines.tableName,
          queueUrl: engines.queueUrl,
          deadLetterQueueUrl: engines.deadLetterQueueUrl,
          webSocketCallbackUrl: callbackUrl,
        },
        settings,
      ),
  });
  await host.prepare();
  stops.push(() => host.stop());

  const ws = await startWebSocketGateway({ wiring, invoker: host, port: options.wsPort ?? 0, ...options.webSocket });
  callbackUrl = ws.callbackUrl;
  stops.push(() => ws.close());

  const http = await startHttpGateway({
    wiring,
    invoker: host,
    port: options.httpPort ?? 0,
    corsOrigins: withConsoleOrigin(corsOrigins(), consoleUrl),
    responseCheck: responseCheckFromEnv(wiring),
  });
  stops.push(() => http.close());
  return { host, ws, http };
}

/** The queue pollers and the schedules. */
function startEventSources(wiring: Wiring, host: FunctionHost, engines: TwinEngines, options: TwinOptions, stops: (() => Promise<void>)[]): void {
  const pollers = startPollers({
    wiring,
    invoker: host,
    sqsEndpoint: engines.sqsEndpoint,
    queueUrl: engines.queueUrl,
    deadLetterQueueUrl: engines.deadLetterQueueUrl,
    // On an external SQS, 20-s long polls as Lambda's event source mapping makes (stop() aborts them):
    // 1-s polls from every poller would be ~16 billable requests a second on real SQS, and saturate moto.
    ...(engines.external.sqs ? { waitSeconds: 20 } : {}),
  });
  stops.push(() => pollers.stop());

  const scheduler = startScheduler({ wiring, invoker: host, clockScale: options.clockScale });
  stops.push(() => scheduler.stop());
}
