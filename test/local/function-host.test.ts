// The function host runs declared functions from their esbuild bundles in worker threads, one
// execution environment per worker: own env and module scope, Lambda context, errors, timeouts,
// concurrency, logs, and plain SDK clients that reach the embedded engines.
import diagnostics_channel from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionDecl, Wiring } from '#infra/wiring-types.ts';
import { text } from '#shared/config/setting-types.ts';
import { functionEnvironment } from '#infra/wiring-env.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { createFunctionHost, INVOCATION_CHANNEL, type FunctionHost, type InvocationRecord } from '#infra/local/function-host.ts';
import { FunctionError } from '#infra/local/invoker.ts';

const probe = (overrides: Partial<FunctionDecl> = {}): FunctionDecl => ({
  entry: 'test/fixtures/functions/probe.ts',
  description: 'test probe',
  memoryMb: 256,
  timeoutSeconds: 5,
  ...overrides,
});

const wiring: Wiring = {
  service: 'scorecast',
  table: { partitionKey: 'PK', sortKey: 'SK', ttlAttribute: 'expires_at', indexes: {} },
  functions: {
    probeA: probe({ memoryMb: 512, settings: ['GREETING'], uses: [{ table: 'readWrite' }, { queue: 'work', send: true }] }),
    probeB: probe({ memoryMb: 128 }),
    slow: probe({ timeoutSeconds: 1 }),
    broken: probe({ entry: 'test/fixtures/functions/broken-init.ts' }),
    slowInit: probe({ entry: 'test/fixtures/functions/slow-init.ts', timeoutSeconds: 1 }),
  },
  authorizer: { function: 'probeA', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues: {
    work: { consumer: 'probeB', batchSize: 1, batchingWindowSeconds: 0, visibilityTimeoutSeconds: 30, maxReceiveCount: 3, maxConcurrency: 2 },
  },
  schedules: {},
  settings: { GREETING: { description: 'a setting', default: 'hello', type: text } },
};

type Echo = {
  invocations: number;
  coldStartedAt: number;
  env: Record<string, string | undefined>;
  context: Record<string, string | number>;
};

describe('createFunctionHost', () => {
  let engines: Engines;
  let host: FunctionHost;
  let bundleDir: string;
  let bundleMs: number;
  const logs: { fn: string; line: string }[] = [];

  beforeAll(async () => {
    bundleDir = await mkdtemp(path.join(tmpdir(), 'scorecast-bundles-'));
    engines = await startEngines({ wiring });
    host = createFunctionHost({
      wiring,
      bundleDir,
      engines,
      concurrencyPerFunction: 2,
      environment: (fn) =>
        functionEnvironment(
          wiring,
          fn,
          {
            tableName: engines.tableName,
            queueUrl: engines.queueUrl,
            deadLetterQueueUrl: engines.deadLetterQueueUrl,
            webSocketCallbackUrl: 'http://127.0.0.1:1',
          },
          {
            GREETING: fn === 'probeA' ? 'hello from A' : undefined,
          },
        ),
      onLog: (fn, line) => logs.push({ fn, line }),
    });
    const started = performance.now();
    await host.prepare();
    bundleMs = performance.now() - started;
  });
  afterAll(async () => {
    await host?.stop();
    await engines?.stop();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  it('bundles every declared function into <fn>.mjs (no source map), in one build', () => {
    console.info(`bundled ${Object.keys(wiring.functions).length} functions in ${bundleMs.toFixed(0)} ms`);
    for (const fn of Object.keys(wiring.functions)) {
      expect(existsSync(path.join(bundleDir, `${fn}.mjs`))).toBe(true);
      expect(existsSync(path.join(bundleDir, `${fn}.mjs.map`))).toBe(false);
    }
  });

  it('runs a function with its own environment and a Lambda context; a cold start, then warm', async () => {
    let started = performance.now();
    const cold = (await host.invoke('probeA', { action: 'echo' })) as Echo;
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = (await host.invoke('probeA', { action: 'echo' })) as Echo;
    const warmMs = performance.now() - started;
    console.info(`probeA cold start ${coldMs.toFixed(0)} ms, warm invocation ${warmMs.toFixed(1)} ms`);

    expect(cold.env).toEqual({
      GREETING: 'hello from A',
      TABLE_NAME: 'scorecast',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: engines.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SQS: engines.sqsEndpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'probeA',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/probeA',
      _HANDLER: 'probeA.handler',
    });
    expect(cold.context).toMatchObject({
      functionName: 'probeA',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:probeA',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/probeA',
    });
    expect(cold.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cold.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(cold.context.remaining).toBeGreaterThan(4000);
    expect(cold.context.remaining).toBeLessThanOrEqual(5000);
    // The same execution environment served the second call: module scope survived.
    expect(warm.invocations).toBe(cold.invocations + 1);
    expect(warm.coldStartedAt).toBe(cold.coldStartedAt);
    expect(warm.context.awsRequestId).not.toBe(cold.context.awsRequestId);
    expect(warmMs).toBeLessThan(coldMs);
  });

  it('isolates the environment and module scope of two functions built from the same entry', async () => {
    const a = (await host.invoke('probeA', { action: 'echo' })) as Echo;
    const b = (await host.invoke('probeB', { action: 'echo' })) as Echo;
    expect(a.env.GREETING).toBe('hello from A');
    expect(b.env.GREETING).toBeUndefined();
    expect(b.env.TABLE_NAME).toBeUndefined();
    expect(b.env.AWS_LAMBDA_FUNCTION_NAME).toBe('probeB');
    expect(b.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('128');
    expect(b.invocations).toBe(1);
    // The host's own process.env is untouched.
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
  });

  it('reports a thrown error as FunctionError and keeps the environment warm', async () => {
    const before = (await host.invoke('probeB', { action: 'echo' })) as Echo;
    const error = await host.invoke('probeB', { action: 'throw', message: 'bad input' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ functionName: 'probeB', errorType: 'ProbeFailure', message: 'bad input', timedOut: false });
    expect((error as Error).stack).toContain('ProbeFailure: bad input');
    const after = (await host.invoke('probeB', { action: 'echo' })) as Echo;
    expect(after.coldStartedAt).toBe(before.coldStartedAt);
    expect(after.invocations).toBe(before.invocations + 2);
  });

  it('times a slow function out, discards its environment, and cold-starts the next call', async () => {
    const warm = (await host.invoke('slow', { action: 'echo' })) as Echo;
    const started = performance.now();
    const error = await host.invoke('slow', { action: 'sleep', ms: 5000 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ functionName: 'slow', errorType: 'Sandbox.Timedout', timedOut: true });
    expect((error as Error).message).toMatch(/Task timed out after 1\.00 seconds/);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1500);
    const next = (await host.invoke('slow', { action: 'echo' })) as Echo;
    expect(next.invocations).toBe(1);
    expect(next.coldStartedAt).toBeGreaterThan(warm.coldStartedAt);
  });

  it("does not count init against the function's timeout, as Lambda gives init its own limit", async () => {
    // slow-init.ts spends 1.5 s in its module scope; its timeout is 1 s.
    await expect(host.invoke('slowInit', {})).resolves.toEqual({ ok: true });
  });

  it('reports a crashed environment as FunctionError and cold-starts the next call', async () => {
    const before = (await host.invoke('slow', { action: 'echo' })) as Echo;
    await expect(host.invoke('slow', { action: 'crash' })).rejects.toMatchObject({
      errorType: 'ProbeFailure',
      message: 'crashed outside the handler',
      timedOut: false,
    });
    const after = (await host.invoke('slow', { action: 'echo' })) as Echo;
    expect(after.invocations).toBe(1);
    expect(after.coldStartedAt).toBeGreaterThan(before.coldStartedAt);
  });

  it('reports an init failure on every invocation until the module loads', async () => {
    for (let i = 0; i < 2; i++) {
      await expect(host.invoke('broken', {})).rejects.toMatchObject({
        functionName: 'broken',
        errorType: 'TypeError',
        message: 'configuration missing at init',
      });
    }
  });

  it('runs new bundles after prepare() again: warm environments retire', async () => {
    const before = (await host.invoke('probeB', { action: 'echo' })) as Echo;
    await host.prepare(['probeB']);
    const after = (await host.invoke('probeB', { action: 'echo' })) as Echo;
    expect(after.invocations).toBe(1);
    expect(after.coldStartedAt).toBeGreaterThan(before.coldStartedAt);
  });

  it('runs at most concurrencyPerFunction environments per function; further invocations wait', async () => {
    const started = performance.now();
    const results = (await Promise.all(Array.from({ length: 4 }, () => host.invoke('probeB', { action: 'sleep', ms: 300 })))) as {
      logStreamName: string;
    }[];
    const elapsed = performance.now() - started;
    expect(new Set(results.map((r) => r.logStreamName)).size).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(1500);
  });

  it('passes every stdout and stderr line to onLog', async () => {
    await host.invoke('probeB', { action: 'log', lines: ['first line', 'second line'] });
    await expect
      .poll(() => logs.filter((l) => l.fn === 'probeB').map((l) => l.line))
      .toEqual(expect.arrayContaining(['first line', 'second line', 'to stderr']));
  });

  it('reports each invocation with its own log: START, what the function wrote, END and REPORT', async () => {
    const first = await host.invokeWithLog('probeB', { action: 'log', lines: ['one', 'two'] });
    const second = await host.invokeWithLog('probeB', { action: 'log', lines: ['three'] });
    expect(first).toMatchObject({ result: { logged: 2 } });
    expect(first.log).toMatch(
      new RegExp(
        `^START RequestId: ${first.requestId} Version: \\$LATEST\none\ntwo\nto stderr\nEND RequestId: ${first.requestId}\nREPORT RequestId: ${first.requestId}\tDuration: [\\d.]+ ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\t\n$`,
      ),
    );
    expect(second.log).toContain('\nthree\nto stderr\n');
    expect(second.log).not.toContain('one');
    const failed = await host.invokeWithLog('probeB', { action: 'throw', message: 'bad input' });
    expect(failed).toMatchObject({ error: { errorType: 'ProbeFailure', message: 'bad input' } });
    expect(failed.log).toContain(`END RequestId: ${failed.requestId}`);
  });

  it('logs a timed-out invocation as Lambda does', async () => {
    const timedOut = await host.invokeWithLog('slow', { action: 'sleep', ms: 5000 });
    expect(timedOut).toMatchObject({ error: { errorType: 'Sandbox.Timedout' } });
    expect(timedOut.log).toContain(`${timedOut.requestId} Task timed out after 1.00 seconds\nEND RequestId: ${timedOut.requestId}`);
  });

  it('publishes every finished invocation with its duration and memory, for the bench to bill', async () => {
    const records: InvocationRecord[] = [];
    const listener = (record: unknown) => records.push(record as InvocationRecord);
    diagnostics_channel.subscribe(INVOCATION_CHANNEL, listener);
    try {
      await host.invoke('probeA', { action: 'echo' });
      await host.invoke('probeB', { action: 'throw', message: 'counted too' }).catch(() => undefined);
    } finally {
      diagnostics_channel.unsubscribe(INVOCATION_CHANNEL, listener);
    }
    expect(records.map((r) => [r.fn, r.memoryMb])).toEqual([
      ['probeA', 512],
      ['probeB', 128],
    ]);
    for (const r of records) expect(r.durationMs).toBeGreaterThan(0);
  });

  it('lets plain SDK clients in the function reach the embedded engines through its environment', async () => {
    const result = (await host.invoke('probeA', { action: 'aws', id: 'm-1' })) as { messageId: string; stored: string };
    expect(result.stored).toBe(result.messageId);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: engines.sqsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: engines.queueUrl('work'), WaitTimeSeconds: 1 }));
      expect(Messages?.[0]).toMatchObject({ MessageId: result.messageId, Body: 'm-1' });
    } finally {
      sqs.destroy();
    }
  });

  it('rejects a function that is not declared', async () => {
    await expect(host.invoke('nope', {})).rejects.toThrow(/not declared/);
  });
});

describe('createFunctionHost without engines', () => {
  it("gives functions the endpoints of the host's own environment", async () => {
    const bundleDir = await mkdtemp(path.join(tmpdir(), 'scorecast-bundles-'));
    const host = createFunctionHost({ wiring, bundleDir, environment: () => ({}), onLog: () => undefined });
    process.env.AWS_ENDPOINT_URL_SQS = 'http://127.0.0.1:9';
    try {
      const echo = (await host.invoke('probeB', { action: 'echo' })) as Echo;
      expect(echo.env.AWS_ENDPOINT_URL_SQS).toBe('http://127.0.0.1:9');
      expect(echo.env.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
      expect(echo.env.AWS_REGION).toBe('us-east-1');
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SQS;
      await host.stop();
      await rm(bundleDir, { recursive: true, force: true });
    }
  });
});

describe('FunctionHost.stop', () => {
  it('waits for running invocations, then refuses new ones', async () => {
    const bundleDir = await mkdtemp(path.join(tmpdir(), 'scorecast-bundles-'));
    const host = createFunctionHost({ wiring, bundleDir, environment: () => ({}), onLog: () => undefined });
    try {
      await host.prepare(['probeB']);
      expect(existsSync(path.join(bundleDir, 'probeA.mjs'))).toBe(false);
      const running = host.invoke('probeB', { action: 'sleep', ms: 200 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await host.stop();
      await expect(running).resolves.toMatchObject({ slept: 200 });
      await expect(host.invoke('probeB', { action: 'echo' })).rejects.toThrow(/stopped/);
    } finally {
      await host.stop();
      await rm(bundleDir, { recursive: true, force: true });
    }
  });
});
