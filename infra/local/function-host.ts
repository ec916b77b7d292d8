// The local twin's Lambda: runs each declared function from its esbuild bundle (what deploys is what
// runs) in worker threads. Each worker is one execution environment: its own module scope (a
// "container" whose globals survive between invocations), its own process.env, one invocation at a
// time; started lazily by the first invocation that finds none idle (a cold start), reused after,
// at most `concurrencyPerFunction` per function, further invocations wait in line.
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Wiring } from '../wiring-types.ts';
import type { EngineEndpoints } from './aws-env.ts';
import { copyFilesBesideBundles } from '../bundling.ts';
import { bundleWithCache } from './bundle-cache.ts';
import { executionLog, spawnEnvironment } from './execution-environment.ts';
import { FunctionError, type Invoker } from './invoker.ts';

export interface FunctionHostOptions {
  wiring: Wiring;
  /** Where the bundles are written, one `<function>.mjs` (and `.mjs.map`) per declared function. */
  bundleDir: string;
  /** The function's own variables (functionEnvironment() with the twin's resource references). */
  environment: (fn: string) => Record<string, string>;
  /**
   * Endpoints of the embedded engines, put in every function's environment (aws-env.ts). Default:
   * the endpoints in this process's environment when a worker starts (applyAwsEnvironment() sets them).
   */
  engines?: EngineEndpoints;
  /** Execution environments per function (default 4). */
  concurrencyPerFunction?: number;
  /** Every line a function writes to stdout or stderr (default: `[fn] line` on stdout). */
  onLog?: (fn: string, line: string) => void;
  /** Bundles `{ name: entry path }` into `outdir/<name>.mjs` (default: infra/bundling.ts's shared esbuild options). */
  bundle?: (entries: Record<string, string>, outdir: string) => Promise<void>;
  /** Directory the declared entries are relative to (default: the repository root). */
  rootDir?: string;
}

/**
 * One invocation as the Invoke API reports it: its request id and its execution log, Lambda's
 * `START`/`END`/`REPORT` lines around what the function wrote (the tail of it: the worker keeps the
 * last 8 KB), then the result or the error.
 */
export type InvocationOutcome = { requestId: string; log: string } & ({ result: unknown } | { error: FunctionError });

export interface FunctionHost extends Invoker {
  /** Bundles the given functions (default: every declared one) in one build. New invocations then run the new bundles. */
  prepare(fns?: string[]): Promise<void>;
  invoke(functionName: string, event: unknown): Promise<unknown>;
  /** Runs the function as invoke() does, and resolves with its outcome and log even when the function fails. */
  invokeWithLog(functionName: string, event: unknown): Promise<InvocationOutcome>;
  /** Stops accepting invocations, lets running ones finish (each bounded by its timeout), ends every worker. */
  stop(): Promise<void>;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Lambda's limit on a synchronous invocation's payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

interface Invocation {
  /** The event as JSON: the function gets its own copy, as across Lambda's API. */
  payload: string;
  resolve(outcome: InvocationOutcome): void;
  reject(error: Error): void;
}

interface ExecutionEnvironment {
  worker: Worker;
  generation: number;
  current?: Running;
  gone: boolean;
  /** Settles when the worker has loaded the bundle (or failed to): its init phase is over. */
  initialised: Promise<void>;
  markInitialised(): void;
}

/**
 * Every finished invocation is published here (`{ fn, durationMs, memoryMb }`, its billed part:
 * init excluded, as Lambda bills on-demand functions), for whoever counts them (the bench's cost
 * model). Publishing costs nothing while nobody subscribes.
 */
export const INVOCATION_CHANNEL = 'scorecast:twin:invocation';
const invocations = diagnostics_channel.channel(INVOCATION_CHANNEL);

export interface InvocationRecord {
  fn: string;
  durationMs: number;
  memoryMb: number;
}

/** Lambda's limit on an on-demand init phase, which does not count against the function's timeout. */
const INIT_LIMIT_MS = 10_000;

/** The invocation an environment is running. */
interface Running {
  requestId: string;
  startedAt: number;
  invocation: Invocation;
  /** Set once init is over and the invocation's own clock runs. */
  timer?: NodeJS.Timeout;
  done: Promise<void>;
  finish(): void;
}

/** What a worker posts back: that its init is over, or an invocation's result or error and its log tail. */
interface WorkerMessage {
  initialised?: true;
  requestId?: string;
  result?: string;
  error?: { errorType: string; errorMessage: string; stack?: string };
  fatal?: boolean;
  log?: string;
}

interface Pool {
  environments: ExecutionEnvironment[];
  waiting: Invocation[];
  /** Bumped by every bundle of this function; older environments retire when idle. */
  generation: number;
  bundled?: Promise<void>;
}

/**
 * The default bundler: the stack's esbuild options (infra/bundling.ts), except that the syntax
 * target is the Node that runs the twin rather than the Lambda runtime's (nodejs22.x), so a bundle
 * never holds syntax the local Node cannot parse. Through the twins' shared bundle cache
 * (bundle-cache.ts): unchanged sources, dependencies and options copy the last build's bundles.
 */
export async function bundleWithStackOptions(entries: Record<string, string>, outdir: string): Promise<void> {
  await bundleWithCache(entries, outdir, { target: `node${process.versions.node}` });
}

export function createFunctionHost(options: FunctionHostOptions): FunctionHost {
  const host = new LocalFunctionHost(options);
  return {
    prepare: (fns) => host.prepare(fns),
    invoke: (fn, event) => host.invoke(fn, event),
    invokeWithLog: (fn, event) => host.invokeWithLog(fn, event),
    stop: () => host.stop(),
  };
}

/** The pools of execution environments, one pool per function, and the invocations waiting for them. */
class LocalFunctionHost {
  private readonly wiring: Wiring;
  private readonly concurrency: number;
  private readonly onLog: (fn: string, line: string) => void;
  private readonly bundle: (entries: Record<string, string>, outdir: string) => Promise<void>;
  private readonly rootDir: string;
  private readonly bundleDir: string;
  private readonly pools = new Map<string, Pool>();
  private stopped = false;

  constructor(private readonly options: FunctionHostOptions) {
    this.wiring = options.wiring;
    this.concurrency = Math.max(1, options.concurrencyPerFunction ?? 4);
    this.onLog = options.onLog ?? ((fn, line) => void process.stdout.write(`[${fn}] ${line}\n`));
    this.bundle = options.bundle ?? bundleWithStackOptions;
    this.rootDir = options.rootDir ?? REPOSITORY_ROOT;
    this.bundleDir = path.resolve(options.bundleDir);
  }

  private declOf(fn: string) {
    const decl = this.wiring.functions[fn];
    if (!decl) throw new Error(`Function not found: ${fn} is not declared in the wiring`);
    return decl;
  }

  private poolOf(fn: string): Pool {
    let pool = this.pools.get(fn);
    if (!pool) this.pools.set(fn, (pool = { environments: [], waiting: [], generation: 0 }));
    return pool;
  }

  async prepare(fns: string[] = Object.keys(this.wiring.functions)): Promise<void> {
    const entries: Record<string, string> = {};
    for (const fn of fns) entries[fn] = path.resolve(this.rootDir, this.declOf(fn).entry);
    const files = fns.flatMap((fn) => this.declOf(fn).files ?? []);
    const build = this.bundle(entries, this.bundleDir).then(() => copyFilesBesideBundles(files, this.rootDir, this.bundleDir));
    for (const fn of fns) {
      const pool = this.poolOf(fn);
      pool.bundled = build;
      build.then(
        () => {
          pool.generation += 1;
          for (const env of [...pool.environments]) if (!env.current) this.retire(fn, env);
        },
        () => {
          if (pool.bundled === build) pool.bundled = undefined; // the next invocation builds again
        },
      );
    }
    await build;
  }

  private startEnvironment(fn: string, pool: Pool): ExecutionEnvironment {
    const { memoryMb } = this.declOf(fn);
    const worker = spawnEnvironment({
      fn,
      memoryMb,
      bundleDir: this.bundleDir,
      variables: this.options.environment(fn),
      engines: this.options.engines,
      onLog: (line) => this.onLog(fn, line),
    });
    let markInitialised!: () => void;
    const initialised = new Promise<void>((resolve) => (markInitialised = resolve));
    const environment: ExecutionEnvironment = { worker, generation: pool.generation, gone: false, initialised, markInitialised };
    worker.on('message', (message: WorkerMessage) => this.onWorkerMessage(fn, environment, message));
    worker.on('error', (error) =>
      this.crashed(
        fn,
        environment,
        (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Runtime.OutOfMemory' : error.name || 'Runtime.ExitError',
        error.message,
      ),
    );
    worker.on('exit', (code) => {
      if (!environment.gone) this.crashed(fn, environment, 'Runtime.ExitError', `Runtime exited with error: exit status ${code}`);
    });
    pool.environments.push(environment);
    return environment;
  }

  private onWorkerMessage(fn: string, environment: ExecutionEnvironment, message: WorkerMessage): void {
    if (message.initialised) {
      environment.markInitialised();
      return;
    }
    const current = environment.current;
    if (!current || current.requestId !== message.requestId) return;
    if (message.fatal) this.retire(fn, environment); // a failed init: the next invocation starts afresh
    const { memoryMb } = this.declOf(fn);
    this.settle(fn, environment, () => {
      const log = executionLog(current.requestId, message.log ?? '', performance.now() - current.startedAt, memoryMb);
      if (message.error) {
        const error = new FunctionError(fn, message.error.errorType, message.error.errorMessage);
        if (message.error.stack) error.stack = message.error.stack;
        current.invocation.resolve({ requestId: current.requestId, log, error });
      } else current.invocation.resolve({ requestId: current.requestId, log, result: JSON.parse(message.result ?? 'null') });
    });
  }

  /** The worker died (error, out of memory, exit): the environment is gone and its invocation fails. */
  private crashed(fn: string, environment: ExecutionEnvironment, errorType: string, errorMessage: string): void {
    const current = environment.current;
    this.retire(fn, environment);
    if (!current) return;
    const { memoryMb } = this.declOf(fn);
    this.settle(fn, environment, () =>
      current.invocation.resolve({
        requestId: current.requestId,
        log: executionLog(current.requestId, `${errorType}: ${errorMessage}\n`, performance.now() - current.startedAt, memoryMb),
        error: new FunctionError(fn, errorType, errorMessage),
      }),
    );
  }

  /** Ends an environment's current invocation and gives the environment its next one. */
  private settle(fn: string, environment: ExecutionEnvironment, report: () => void): void {
    const current = environment.current;
    if (!current) return;
    clearTimeout(current.timer);
    environment.current = undefined;
    if (invocations.hasSubscribers) {
      const record: InvocationRecord = { fn, durationMs: performance.now() - current.startedAt, memoryMb: this.declOf(fn).memoryMb };
      invocations.publish(record);
    }
    report();
    current.finish();
    const pool = this.poolOf(fn);
    if (environment.generation !== pool.generation) this.retire(fn, environment);
    this.pump(fn);
  }

  private retire(fn: string, environment: ExecutionEnvironment): void {
    if (environment.gone) return;
    environment.gone = true;
    const pool = this.poolOf(fn);
    pool.environments = pool.environments.filter((e) => e !== environment);
    void environment.worker.terminate();
    this.pump(fn);
  }

  private pump(fn: string): void {
    const pool = this.poolOf(fn);
    while (pool.waiting.length > 0 && !this.stopped) {
      let environment = pool.environments.find((e) => !e.current && !e.gone);
      if (!environment) {
        if (pool.environments.length >= this.concurrency) return;
        environment = this.startEnvironment(fn, pool);
      }
      this.run(fn, environment, pool.waiting.shift()!);
    }
  }

  private run(fn: string, environment: ExecutionEnvironment, invocation: Invocation): void {
    const requestId = randomUUID();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const current: Running = { requestId, startedAt: performance.now(), invocation, done, finish };
    environment.current = current;
    // The timeout counts from the end of init (at most INIT_LIMIT_MS), not from the request.
    const initOver = Promise.race([environment.initialised, new Promise<void>((resolve) => setTimeout(resolve, INIT_LIMIT_MS).unref())]);
    void initOver.then(() => {
      if (environment.current !== current || environment.gone) return; // crashed during init
      this.startClock(fn, environment, current);
    });
  }

  /** Starts the invocation's timeout and hands it to the worker. */
  private startClock(fn: string, environment: ExecutionEnvironment, current: Running): void {
    const { timeoutSeconds, memoryMb } = this.declOf(fn);
    const { requestId, invocation } = current;
    current.startedAt = performance.now();
    current.timer = setTimeout(() => {
      const message = `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
      this.retire(fn, environment); // Lambda discards a timed-out environment; the next invocation cold-starts
      this.settle(fn, environment, () =>
        invocation.resolve({
          requestId,
          log: executionLog(requestId, `${message}\n`, performance.now() - current.startedAt, memoryMb),
          error: new FunctionError(fn, 'Sandbox.Timedout', message, true),
        }),
      );
    }, timeoutSeconds * 1000);
    environment.worker.postMessage({ requestId, event: invocation.payload, deadline: Date.now() + timeoutSeconds * 1000 });
  }

  async invoke(fn: string, event: unknown): Promise<unknown> {
    const outcome = await this.invokeWithLog(fn, event);
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  async invokeWithLog(fn: string, event: unknown): Promise<InvocationOutcome> {
    if (this.stopped) throw new Error(`The function host is stopped; cannot invoke ${fn}`);
    this.declOf(fn);
    const payload = JSON.stringify(event ?? null);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
      throw new FunctionError(
        fn,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    const pool = this.poolOf(fn);
    await (pool.bundled ?? this.prepare([fn]));
    if (this.stopped) throw new Error(`The function host is stopped; cannot invoke ${fn}`);
    return new Promise<InvocationOutcome>((resolve, reject) => {
      pool.waiting.push({ payload, resolve, reject });
      this.pump(fn);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running: Promise<void>[] = [];
    for (const [fn, pool] of this.pools) {
      for (const invocation of pool.waiting.splice(0)) invocation.reject(new Error(`The function host stopped before ${fn} ran`));
      for (const environment of pool.environments) if (environment.current) running.push(environment.current.done);
    }
    await Promise.all(running);
    await Promise.all(
      [...this.pools.values()].flatMap((pool) =>
        pool.environments.map(async (environment) => {
          environment.gone = true;
          await environment.worker.terminate();
        }),
      ),
    );
    for (const pool of this.pools.values()) pool.environments = [];
  }
}
