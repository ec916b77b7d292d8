// The local twin's Lambda: runs each declared function from its esbuild bundle (what deploys is what
// runs) in worker threads. Each worker is one execution environment: its own module scope (a
// "container" whose globals survive between invocations), its own process.env, one invocation at a
// time; started lazily by the first invocation that finds none idle (a cold start), reused after,
// at most `concurrencyPerFunction` per function, further invocations wait in line.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Wiring } from '../wiring-types.ts';
import { bundleWithCache } from './bundle-cache.ts';
import { ACCOUNT_ID, REGION, awsEnvironment, type EngineEndpoints } from './aws-env.ts';
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

const WORKER_FILE = fileURLToPath(new URL('./function-worker.mjs', import.meta.url));
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
  current?: { requestId: string; startedAt: number; invocation: Invocation; timer: NodeJS.Timeout; done: Promise<void>; finish(): void };
  gone: boolean;
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
  const { wiring } = options;
  const concurrency = Math.max(1, options.concurrencyPerFunction ?? 4);
  const onLog = options.onLog ?? ((fn, line) => void process.stdout.write(`[${fn}] ${line}\n`));
  const bundle = options.bundle ?? bundleWithStackOptions;
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const bundleDir = path.resolve(options.bundleDir);
  const pools = new Map<string, Pool>();
  let stopped = false;

  const declOf = (fn: string) => {
    const decl = wiring.functions[fn];
    if (!decl) throw new Error(`Function not found: ${fn} is not declared in the wiring`);
    return decl;
  };
  const poolOf = (fn: string) => {
    let pool = pools.get(fn);
    if (!pool) pools.set(fn, (pool = { environments: [], waiting: [], generation: 0 }));
    return pool;
  };

  async function prepare(fns: string[] = Object.keys(wiring.functions)): Promise<void> {
    const entries: Record<string, string> = {};
    for (const fn of fns) entries[fn] = path.resolve(rootDir, declOf(fn).entry);
    const build = bundle(entries, bundleDir);
    for (const fn of fns) {
      const pool = poolOf(fn);
      pool.bundled = build;
      build.then(
        () => {
          pool.generation += 1;
          for (const env of [...pool.environments]) if (!env.current) retire(fn, env);
        },
        () => {
          if (pool.bundled === build) pool.bundled = undefined; // the next invocation builds again
        },
      );
    }
    await build;
  }

  function startEnvironment(fn: string, pool: Pool): ExecutionEnvironment {
    const decl = declOf(fn);
    const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
    const logGroupName = `/aws/lambda/${fn}`;
    const env = {
      ...baseEnvironment(options.engines),
      ...options.environment(fn),
      AWS_LAMBDA_FUNCTION_NAME: fn,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(decl.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: bundleDir,
      _HANDLER: `${fn}.handler`,
    };
    const worker = new Worker(WORKER_FILE, {
      env,
      workerData: {
        bundlePath: path.join(bundleDir, `${fn}.mjs`),
        handlerName: 'handler',
        functionName: fn,
        memoryMb: decl.memoryMb,
        invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${fn}`,
        logGroupName,
        logStreamName,
      },
      stdout: true,
      stderr: true,
      execArgv: ['--enable-source-maps'],
      // The function's memory setting bounds its heap, as Lambda's bounds the whole environment.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, decl.memoryMb) },
      name: fn,
    });
    const environment: ExecutionEnvironment = { worker, generation: pool.generation, gone: false };
    forwardLines(worker.stdout, (line) => onLog(fn, line));
    forwardLines(worker.stderr, (line) => onLog(fn, line));
    worker.on(
      'message',
      (message: {
        requestId: string;
        result?: string;
        error?: { errorType: string; errorMessage: string; stack?: string };
        fatal?: boolean;
        log?: string;
      }) => {
        const current = environment.current;
        if (!current || current.requestId !== message.requestId) return;
        if (message.fatal) retire(fn, environment); // a failed init: the next invocation starts afresh
        settle(fn, environment, () => {
          const log = executionLog(current.requestId, message.log ?? '', performance.now() - current.startedAt, decl.memoryMb);
          if (message.error) {
            const error = new FunctionError(fn, message.error.errorType, message.error.errorMessage);
            if (message.error.stack) error.stack = message.error.stack;
            current.invocation.resolve({ requestId: current.requestId, log, error });
          } else current.invocation.resolve({ requestId: current.requestId, log, result: JSON.parse(message.result ?? 'null') });
        });
      },
    );
    const crashed = (errorType: string, errorMessage: string) => {
      const current = environment.current;
      retire(fn, environment);
      if (current)
        settle(fn, environment, () =>
          current.invocation.resolve({
            requestId: current.requestId,
            log: executionLog(current.requestId, `${errorType}: ${errorMessage}\n`, performance.now() - current.startedAt, decl.memoryMb),
            error: new FunctionError(fn, errorType, errorMessage),
          }),
        );
    };
    worker.on('error', (error) =>
      crashed(
        (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Runtime.OutOfMemory' : error.name || 'Runtime.ExitError',
        error.message,
      ),
    );
    worker.on('exit', (code) => {
      if (!environment.gone) crashed('Runtime.ExitError', `Runtime exited with error: exit status ${code}`);
    });
    pool.environments.push(environment);
    return environment;
  }

  /** Ends an environment's current invocation and gives the environment its next one. */
  function settle(fn: string, environment: ExecutionEnvironment, report: () => void): void {
    const current = environment.current;
    if (!current) return;
    clearTimeout(current.timer);
    environment.current = undefined;
    report();
    current.finish();
    const pool = poolOf(fn);
    if (environment.generation !== pool.generation) retire(fn, environment);
    pump(fn);
  }

  function retire(fn: string, environment: ExecutionEnvironment): void {
    if (environment.gone) return;
    environment.gone = true;
    const pool = poolOf(fn);
    pool.environments = pool.environments.filter((e) => e !== environment);
    void environment.worker.terminate();
    pump(fn);
  }

  function pump(fn: string): void {
    const pool = poolOf(fn);
    while (pool.waiting.length > 0 && !stopped) {
      let environment = pool.environments.find((e) => !e.current && !e.gone);
      if (!environment) {
        if (pool.environments.length >= concurrency) return;
        environment = startEnvironment(fn, pool);
      }
      run(fn, environment, pool.waiting.shift()!);
    }
  }

  function run(fn: string, environment: ExecutionEnvironment, invocation: Invocation): void {
    const { timeoutSeconds, memoryMb } = declOf(fn);
    const requestId = randomUUID();
    const startedAt = performance.now();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => {
      const message = `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
      retire(fn, environment); // Lambda discards a timed-out environment; the next invocation cold-starts
      settle(fn, environment, () =>
        invocation.resolve({
          requestId,
          log: executionLog(requestId, `${message}\n`, performance.now() - startedAt, memoryMb),
          error: new FunctionError(fn, 'Sandbox.Timedout', message, true),
        }),
      );
    }, timeoutSeconds * 1000);
    environment.current = { requestId, startedAt, invocation, timer, done, finish };
    environment.worker.postMessage({ requestId, event: invocation.payload, deadline: Date.now() + timeoutSeconds * 1000 });
  }

  async function invoke(fn: string, event: unknown): Promise<unknown> {
    const outcome = await invokeWithLog(fn, event);
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  async function invokeWithLog(fn: string, event: unknown): Promise<InvocationOutcome> {
    if (stopped) throw new Error(`The function host is stopped; cannot invoke ${fn}`);
    declOf(fn);
    const payload = JSON.stringify(event ?? null);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
      throw new FunctionError(
        fn,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    const pool = poolOf(fn);
    await (pool.bundled ?? prepare([fn]));
    if (stopped) throw new Error(`The function host is stopped; cannot invoke ${fn}`);
    return new Promise<InvocationOutcome>((resolve, reject) => {
      pool.waiting.push({ payload, resolve, reject });
      pump(fn);
    });
  }

  async function stop(): Promise<void> {
    stopped = true;
    const running: Promise<void>[] = [];
    for (const [fn, pool] of pools) {
      for (const invocation of pool.waiting.splice(0)) invocation.reject(new Error(`The function host stopped before ${fn} ran`));
      for (const environment of pool.environments) if (environment.current) running.push(environment.current.done);
    }
    await Promise.all(running);
    await Promise.all(
      [...pools.values()].flatMap((pool) =>
        pool.environments.map(async (environment) => {
          environment.gone = true;
          await environment.worker.terminate();
        }),
      ),
    );
    for (const pool of pools.values()) pool.environments = [];
  }

  return { prepare, invoke, invokeWithLog, stop };
}

/** An invocation's execution log as Lambda writes it: START, the function's output, END, REPORT. */
function executionLog(requestId: string, output: string, durationMs: number, memoryMb: number): string {
  const body = output === '' || output.endsWith('\n') ? output : `${output}\n`;
  return (
    `START RequestId: ${requestId} Version: $LATEST\n${body}END RequestId: ${requestId}\n` +
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${memoryMb} MB\t\n`
  );
}

/** aws-env.ts's variables, with the given endpoints or else those this process was given. */
function baseEnvironment(engines: EngineEndpoints | undefined): Record<string, string> {
  if (engines) return awsEnvironment(engines);
  const env = awsEnvironment();
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SQS']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

function forwardLines(stream: Readable, onLine: (line: string) => void): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    try {
      onLine(line);
    } catch {
      // a failing log sink must not break the function
    }
  });
}
