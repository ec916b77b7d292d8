// What injectLambdaContext(logger, { resetKeys: true }) did for every HTTP invocation — the Lambda
// context and the request's keys on every log line, the keys reset afterwards — without loading the
// Logger until something logs: a request that succeeds logs nothing (a refusal or a failure does).
// When other code of the function created the Logger at start, it is set up at once, as before.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loadLogger, loggerIfCreated, onLoggerCreated } from '#shared/powertools/on-demand.ts';

let invocations = 0;

export class InvocationLog {
  #logger: Logger | undefined;
  readonly #firstInvocation = ++invocations === 1;

  private constructor(
    private readonly event: unknown,
    private readonly context: Context,
    private readonly keys: Record<string, string>,
  ) {}

  /** At the start of an invocation: the Logger set up now if it exists, or must log the event (POWERTOOLS_LOGGER_LOG_EVENT). */
  static async start(event: unknown, context: Context, keys: Record<string, string>): Promise<InvocationLog> {
    const log = new InvocationLog(event, context, keys);
    const created = loggerIfCreated();
    if (created) log.#setUp(created);
    else if (process.env.POWERTOOLS_LOGGER_LOG_EVENT === 'true') await log.logger();
    // Domain code that logs only when something goes wrong loads the Logger itself (loadLogger()).
    else onLoggerCreated((logger) => log.#setUp(logger));
    return log;
  }

  /** The Logger, set up for this invocation (loaded on first use). */
  async logger(): Promise<Logger> {
    const logger = await loadLogger();
    return this.#logger ?? this.#setUp(logger);
  }

  /** After the invocation: the request's keys removed (only when the Logger was set up). */
  end(): void {
    onLoggerCreated(undefined);
    this.#logger?.clearBuffer();
    this.#logger?.resetKeys();
  }

  #setUp(logger: Logger): Logger {
    logger.refreshSampleRateCalculation();
    // A Logger created after the first invocation must not report cold_start: true: getColdStart()
    // (protected in the types) answers true once, then false — spend that answer here.
    if (!this.#firstInvocation) (logger as unknown as { getColdStart(): boolean }).getColdStart();
    logger.addContext(this.context);
    logger.logEventIfEnabled(this.event);
    logger.appendKeys(this.keys);
    this.#logger = logger;
    return logger;
  }
}
