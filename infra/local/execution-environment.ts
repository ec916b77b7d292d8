// One execution environment of the twin's Lambda: a worker thread that loads a function's bundle,
// with the environment variables Lambda sets, a heap bounded by the function's memory, and its
// output forwarded line by line. Also the execution log Lambda writes around an invocation.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ACCOUNT_ID, REGION, awsEnvironment, type EngineEndpoints } from './aws-env.ts';

const WORKER_FILE = fileURLToPath(new URL('./function-worker.mjs', import.meta.url));

export interface EnvironmentSpec {
  fn: string;
  memoryMb: number;
  /** Where `<fn>.mjs` is. */
  bundleDir: string;
  /** The function's own variables (the declaration's settings and resource references). */
  variables: Record<string, string>;
  /** Endpoints of the engines; default: those in this process's environment. */
  engines: EngineEndpoints | undefined;
  /** Every line the function writes to stdout or stderr. */
  onLog(line: string): void;
}

/** Starts the worker of a new execution environment (its module scope loads on its first invocation). */
export function spawnEnvironment(spec: EnvironmentSpec): Worker {
  const { fn, memoryMb, bundleDir } = spec;
  const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
  const logGroupName = `/aws/lambda/${fn}`;
  const env = {
    ...baseEnvironment(spec.engines),
    ...spec.variables,
    AWS_LAMBDA_FUNCTION_NAME: fn,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
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
      memoryMb,
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${fn}`,
      logGroupName,
      logStreamName,
    },
    stdout: true,
    stderr: true,
    // The function's memory setting bounds its heap, as Lambda's bounds the whole environment.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
    name: fn,
  });
  forwardLines(worker.stdout, spec.onLog);
  forwardLines(worker.stderr, spec.onLog);
  return worker;
}

/** An invocation's execution log as Lambda writes it: START, the function's output, END, REPORT. */
export function executionLog(requestId: string, output: string, durationMs: number, memoryMb: number): string {
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
