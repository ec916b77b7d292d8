// The bench's baseline derivation and verdict (bench/cold-start.ts): which SDK clients a function's
// `uses` imply, the baseline module generated from them, the goal's arithmetic, the statistics and
// the fresh-process sampling (bench/cold-start-process.ts: its schedule, and its child script run on a
// tiny module). No timings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  GOAL,
  baselinePackages,
  baselineSource,
  coldStartEnvironment,
  extraOverBaseline,
  functionNames,
  judge,
  judgeImport,
  median,
  packageBytes,
  packageOf,
  percentile,
  sdkClientsFor,
  stats,
} from '../../bench/cold-start.ts';
import {
  RESULT_MARKER,
  importInFreshProcess,
  parseChildOutput,
  pinnedCpu,
  sampleSchedule,
  writeChildScript,
} from '../../bench/cold-start-process.ts';
import { wiring } from '#infra/wiring.ts';
import type { Use, Wiring } from '#infra/wiring-types.ts';

const clientsOf = (...uses: Use[]) => sdkClientsFor(uses);
const declared = wiring as Wiring;

describe('baseline clients derived from `uses`', () => {
  it('maps the table to DynamoDB (client + document client)', () => {
    expect(clientsOf({ table: 'read' })).toEqual(['dynamodb']);
    expect(clientsOf({ table: 'readWrite' })).toEqual(['dynamodb']);
    expect(baselinePackages(['dynamodb'])).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
  });

  it('maps every queue use to one SQS client', () => {
    expect(clientsOf({ queue: 'jobs', send: true })).toEqual(['sqs']);
    expect(clientsOf({ deadLetterQueue: 'jobs', receive: true })).toEqual(['sqs']);
    expect(clientsOf({ allQueues: 'inspect' })).toEqual(['sqs']);
    expect(clientsOf({ queue: 'a', send: true }, { queue: 'b', inspect: true }, { deadLetterQueue: 'a' }, { allQueues: 'inspect' })).toEqual(['sqs']);
    expect(baselinePackages(['sqs'])).toEqual(['@aws-sdk/client-sqs']);
  });

  it('maps connections to the API Gateway Management API', () => {
    expect(clientsOf({ connections: true })).toEqual(['apigatewaymanagementapi']);
    expect(baselinePackages(['apigatewaymanagementapi'])).toEqual(['@aws-sdk/client-apigatewaymanagementapi']);
  });

  it('gives a function without SDK use an empty baseline', () => {
    expect(sdkClientsFor(undefined)).toEqual([]);
    expect(sdkClientsFor([])).toEqual([]);
  });

  it('lists each client once, in a fixed order, whatever the declaration order', () => {
    expect(clientsOf({ connections: true }, { queue: 'q' }, { table: 'read' }, { table: 'readWrite' })).toEqual([
      'dynamodb',
      'sqs',
      'apigatewaymanagementapi',
    ]);
  });

  it('follows the declared wiring (health: table + all queues; the WebSocket routes: their own resources; whoami: none)', () => {
    expect(sdkClientsFor(declared.functions.health?.uses)).toEqual(['dynamodb', 'sqs']);
    expect(sdkClientsFor(declared.functions.wsConnect?.uses)).toEqual(['dynamodb']);
    expect(sdkClientsFor(declared.functions.wsDefault?.uses)).toEqual(['dynamodb', 'apigatewaymanagementapi']);
    expect(sdkClientsFor(declared.functions.whoami?.uses)).toEqual([]);
  });
});

describe('baseline module', () => {
  it('constructs each client at module scope as our code does, and exports it', () => {
    const source = baselineSource('fn', ['dynamodb', 'sqs', 'apigatewaymanagementapi']);
    expect(source).toContain("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
    expect(source).toContain("import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';");
    expect(source).toContain("import { SQSClient } from '@aws-sdk/client-sqs';");
    expect(source).toContain("import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';");
    expect(source).toMatch(/^export const documentClient = DynamoDBDocumentClient\.from\(\n\s+new DynamoDBClient\(\{ maxAttempts: 3,/m);
    expect(source).toContain('{ marshallOptions: { removeUndefinedValues: true } }');
    expect(source).toMatch(/^export const sqsClient = new SQSClient\(\{ maxAttempts: 3,/m);
    expect(source).toMatch(
      /^export const connectionsClient = new ApiGatewayManagementApiClient\(\{\n\s+endpoint: process\.env\.WEBSOCKET_CALLBACK_URL,/m,
    );
    expect(source).toContain('export const handler = async');
  });

  it('imports only what the clients need', () => {
    const source = baselineSource('fn', ['sqs']);
    expect(source).toContain('@aws-sdk/client-sqs');
    expect(source).not.toContain('dynamodb');
    expect(source).not.toContain('apigatewaymanagementapi');
  });

  it('is a bare handler when the function uses no SDK client', () => {
    const source = baselineSource('fn', []);
    expect(source).not.toMatch(/^import /m);
    expect(source).toContain('export const handler = async');
  });

  it('is a valid ES module for every declared function', async () => {
    for (const [name, decl] of Object.entries(declared.functions)) {
      await expect(transform(baselineSource(name, sdkClientsFor(decl.uses)), { format: 'esm', loader: 'js' }), name).resolves.toBeDefined();
    }
  });
});

describe('cold-start environment', () => {
  it('is the function’s own environment plus dummy AWS credentials, region and the Lambda variables', () => {
    const env = coldStartEnvironment(declared, 'wsDefault', '/task');
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: 'wsDefault',
      WEBSOCKET_CALLBACK_URL: expect.stringMatching(/^https:\/\//),
    });
    expect(coldStartEnvironment(declared, 'health', '/task')).toMatchObject({ TABLE_NAME: expect.any(String), QUEUE_URLS: expect.any(String) });
    // The authorizer builds its verifier at import as when deployed: one (dummy) trusted issuer.
    expect(JSON.parse(coldStartEnvironment(declared, 'authorizer', '/task').JWT_ISSUERS!)).toHaveLength(1);
  });
});

describe('verdict', () => {
  const base = { bytes: 300 * 1024, importMs: 20 };

  it('passes within 1.3x on both size and import time', () => {
    expect(judge({ bytes: 390 * 1024, importMs: 26 }, base)).toEqual({ pass: true, rule: 'ratio', failures: [] });
  });

  it('passes within +50 KB and +10 ms when a ratio is exceeded (small baselines)', () => {
    expect(judge({ bytes: 40 * 1024, importMs: 4 }, { bytes: 200, importMs: 0.5 })).toEqual({ pass: true, rule: 'absolute', failures: [] });
  });

  it('needs size and import time within the same rule', () => {
    // size passes only the absolute rule, import time only the ratio rule.
    const verdict = judge({ bytes: 50 * 1024, importMs: 100 }, { bytes: 10 * 1024, importMs: 80 });
    expect(verdict.pass).toBe(false);
    expect(verdict.failures).toEqual(['ratio rule: size 5.00x > 1.3x', 'absolute rule: import +20.0 ms > +10 ms']);
  });

  it('names every limit exceeded', () => {
    const verdict = judge({ bytes: 500 * 1024, importMs: 40 }, base);
    expect(verdict.pass).toBe(false);
    expect(verdict.failures).toEqual([
      'ratio rule: size 1.67x > 1.3x, import 2.00x > 1.3x',
      'absolute rule: size +200.0 KB > +50.0 KB, import +20.0 ms > +10 ms',
    ]);
  });

  it('judges import time alone: ≤ 1.3x, or ≤ +10 ms over a small baseline', () => {
    expect(judgeImport(130, 100)).toEqual({ pass: true, rule: 'ratio', failures: [] });
    expect(judgeImport(14, 5)).toEqual({ pass: true, rule: 'absolute', failures: [] });
    expect(judgeImport(181, 83)).toEqual({ pass: false, rule: null, failures: ['import 2.18x > 1.3x and +98.0 ms > +10 ms'] });
  });

  it('uses the stated goal', () => {
    expect(GOAL).toEqual({ maxRatio: 1.3, maxExtraBytes: 50 * 1024, maxExtraMs: 10 });
  });

  it('takes the p90 by nearest rank', () => {
    const sorted = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(percentile(sorted, 90)).toBe(14);
    expect(percentile([5], 90)).toBe(5);
  });
});

describe('bundle composition', () => {
  it('names packages, scoped or not, and groups our own files by directory', () => {
    expect(packageOf('node_modules/@aws-sdk/client-sqs/dist-es/SQSClient.js')).toBe('@aws-sdk/client-sqs');
    expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('node_modules/a/node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(packageOf('shared/http/route.ts')).toBe('(own) shared/http');
  });

  it('sums bytes per package and subtracts the baseline’s', () => {
    const metafile = {
      inputs: {},
      outputs: {
        'out/fn.mjs': {
          bytes: 0,
          imports: [],
          exports: [],
          inputs: {
            'node_modules/@aws-sdk/client-sqs/a.js': { bytesInOutput: 100 },
            'node_modules/@aws-sdk/client-sqs/b.js': { bytesInOutput: 50 },
            'node_modules/zod/index.js': { bytesInOutput: 70 },
          },
        },
      },
    } as unknown as Metafile;
    const fn = packageBytes(metafile, 'out/fn.mjs');
    expect(fn).toEqual([
      { package: '@aws-sdk/client-sqs', bytes: 150 },
      { package: 'zod', bytes: 70 },
    ]);
    expect(extraOverBaseline(fn, [{ package: '@aws-sdk/client-sqs', bytes: 140 }])).toEqual([
      { package: 'zod', bytes: 70 },
      { package: '@aws-sdk/client-sqs', bytes: 10 },
    ]);
  });
});

describe('statistics', () => {
  it('takes the median of an odd and an even number of values', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([1, 2, 4, 9])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('summarises samples in their order, the median from the sorted values', () => {
    const summary = stats([30, 10, 20, 50, 40], 99);
    expect(summary).toMatchObject({ median: 30, min: 10, max: 50, first: 99, samples: [30, 10, 20, 50, 40] });
  });
});

describe('fresh-process sampling', () => {
  it('interleaves function and baseline, function first in even rounds, baseline first in odd ones', () => {
    const order = sampleSchedule(0, 4).map((s) => `${s.round}${s.side === 'fn' ? 'F' : 'B'}`);
    expect(order).toEqual(['0F', '0B', '1B', '1F', '2F', '2B', '3B', '3F']);
  });

  it('times every round after the warm-up ones, as many samples on each side', () => {
    const schedule = sampleSchedule(3, 15);
    expect(schedule).toHaveLength(36);
    expect(schedule.filter((s) => !s.timed).map((s) => s.round)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(schedule.filter((s) => s.timed && s.side === 'fn')).toHaveLength(15);
    expect(schedule.filter((s) => s.timed && s.side === 'baseline')).toHaveLength(15);
  });

  it("separates the child's result line from what the bundle printed", () => {
    const stdout = `hello from module scope\n\n${RESULT_MARKER}{"ms":12.5,"networkAttempts":0}\n`;
    expect(parseChildOutput(stdout)).toEqual({ result: { ms: 12.5, networkAttempts: 0 }, output: 'hello from module scope\n' });
    expect(parseChildOutput('crashed')).toEqual({ result: null, output: 'crashed' });
  });

  it('imports the bundle in a new node process that sees exactly the given environment', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
    try {
      const script = writeChildScript(dir);
      const bundle = path.join(dir, 'fn.mjs');
      writeFileSync(
        bundle,
        "if (process.env.TABLE_NAME !== 't' || process.env.HOME !== undefined) throw new Error('wrong env');\nexport const handler = async () => 1;\n",
      );
      const ok = await importInFreshProcess(script, bundle, { TABLE_NAME: 't' });
      expect(ok.error).toBeUndefined();
      expect(typeof ok.ms).toBe('number');
      expect(ok.networkAttempts).toBe(0);
      const wrongEnv = await importInFreshProcess(script, bundle, { TABLE_NAME: 'other' });
      expect(wrongEnv.error).toBe('Error: wrong env');
      const noHandler = path.join(dir, 'none.mjs');
      writeFileSync(noHandler, 'export const other = 1;\n');
      expect((await importInFreshProcess(script, noHandler, {})).error).toBe('Error: the bundle exports no handler');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(pinnedCpu() !== null)('pins the import process to one CPU where taskset can (Linux): the process sees that one CPU', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
    try {
      const script = writeChildScript(dir);
      const bundle = path.join(dir, 'fn.mjs');
      writeFileSync(bundle, "import os from 'node:os';\nconsole.log('cpus ' + os.availableParallelism());\nexport const handler = async () => 1;\n");
      const cpu = pinnedCpu()!;
      expect(cpu).toBe(os.availableParallelism() - 1);
      expect((await importInFreshProcess(script, bundle, {}, cpu)).output).toContain('cpus 1');
      expect((await importInFreshProcess(script, bundle, {})).output).toContain(`cpus ${os.availableParallelism()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--function and --functions', () => {
  it('merges both, once each, and means every function when neither is given', () => {
    expect(functionNames(['whoami'], 'tracesAppend, whoami,,leaderboardGet')).toEqual(['whoami', 'tracesAppend', 'leaderboardGet']);
    expect(functionNames(undefined, undefined)).toBeUndefined();
    expect(functionNames([], '')).toBeUndefined();
  });
});
