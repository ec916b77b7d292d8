// Cold-start cost of every declared function against a baseline that holds only the AWS SDK
// clients the function's declaration says it uses (bench/README.md explains every figure).
//
// - Bundles: bundleFunctions() with the stack's own options (infra/bundling.ts), for the functions
//   and, in a second build, for generated baseline entries (.scorecast/bench/baselines/<fn>.mjs).
// - Import time: as a Lambda cold start pays it, one fresh `node` process per sample whose environment
//   is exactly the function's (bench/cold-start-process.ts): it imports the bundle once and reports
//   `performance.now()` around `await import(bundle)`. Function and baseline samples alternate (fn
//   first in even rounds, baseline first in odd ones) so both see the same machine noise.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { measurePairInFreshProcesses, pinnedCpu, type PairRun, writeChildScript } from './cold-start-process.ts';
import { bundleFunctions, copyFilesBesideBundles, esbuildOptions } from '#infra/bundling.ts';
import { awsEnvironment } from '#infra/local/aws-env.ts';
import { wiring as declaredWiring } from '#infra/wiring.ts';
import { functionEnvironment, type ResourceRefs } from '#infra/wiring-env.ts';
import type { FunctionDecl, Use, Wiring } from '#infra/wiring-types.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The goal and the verdict
// ---------------------------------------------------------------------------------------------

/**
 * A function meets the goal when it costs little more than the SDK clients it needs:
 * (size ≤ 1.3× baseline AND import ≤ 1.3× baseline) OR (size ≤ baseline + 50 KB AND import ≤ baseline + 10 ms).
 * Import times are medians. 1 KB = 1024 bytes.
 */
export const GOAL = { maxRatio: 1.3, maxExtraBytes: 50 * 1024, maxExtraMs: 10 } as const;
export type Goal = { maxRatio: number; maxExtraBytes: number; maxExtraMs: number };

export interface Cost {
  bytes: number;
  /** Median import time, ms. */
  importMs: number;
}

export interface Verdict {
  pass: boolean;
  /** Which rule passed (the ratio rule is tried first), or null. */
  rule: 'ratio' | 'absolute' | null;
  /** Every limit that was exceeded, per rule (empty when pass). */
  failures: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function judge(fn: Cost, baseline: Cost, goal: Goal = GOAL): Verdict {
  const sizeRatio = baseline.bytes > 0 ? fn.bytes / baseline.bytes : Infinity;
  const importRatio = baseline.importMs > 0 ? fn.importMs / baseline.importMs : Infinity;
  const extraBytes = fn.bytes - baseline.bytes;
  const extraMs = fn.importMs - baseline.importMs;

  const ratioFailures: string[] = [];
  if (sizeRatio > goal.maxRatio) ratioFailures.push(`size ${sizeRatio.toFixed(2)}x > ${goal.maxRatio}x`);
  if (importRatio > goal.maxRatio) ratioFailures.push(`import ${importRatio.toFixed(2)}x > ${goal.maxRatio}x`);
  if (ratioFailures.length === 0) return { pass: true, rule: 'ratio', failures: [] };

  const absoluteFailures: string[] = [];
  if (extraBytes > goal.maxExtraBytes) absoluteFailures.push(`size +${kb(extraBytes)} > +${kb(goal.maxExtraBytes)}`);
  if (extraMs > goal.maxExtraMs) absoluteFailures.push(`import +${extraMs.toFixed(1)} ms > +${goal.maxExtraMs} ms`);
  if (absoluteFailures.length === 0) return { pass: true, rule: 'absolute', failures: [] };

  return {
    pass: false,
    rule: null,
    failures: [`ratio rule: ${ratioFailures.join(', ')}`, `absolute rule: ${absoluteFailures.join(', ')}`],
  };
}

/**
 * The issue's cold-start goal, on import time alone (sizes are judged by judge()): the function's
 * median import ≤ 1.3× its baseline's, or ≤ baseline + 10 ms.
 */
export function judgeImport(fnMs: number, baselineMs: number, goal: Goal = GOAL): Verdict {
  const ratio = baselineMs > 0 ? fnMs / baselineMs : Infinity;
  const extraMs = fnMs - baselineMs;
  if (ratio <= goal.maxRatio) return { pass: true, rule: 'ratio', failures: [] };
  if (extraMs <= goal.maxExtraMs) return { pass: true, rule: 'absolute', failures: [] };
  return {
    pass: false,
    rule: null,
    failures: [`import ${ratio.toFixed(2)}x > ${goal.maxRatio}x and +${extraMs.toFixed(1)} ms > +${goal.maxExtraMs} ms`],
  };
}

// ---------------------------------------------------------------------------------------------
// Baselines: derived from a function's `uses`
// ---------------------------------------------------------------------------------------------

export type SdkClient = 'dynamodb' | 'sqs' | 'apigatewaymanagementapi';

/** The npm packages each client needs. */
export const SDK_PACKAGES: Record<SdkClient, readonly string[]> = {
  dynamodb: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  sqs: ['@aws-sdk/client-sqs'],
  apigatewaymanagementapi: ['@aws-sdk/client-apigatewaymanagementapi'],
};

const CLIENT_ORDER: readonly SdkClient[] = ['dynamodb', 'sqs', 'apigatewaymanagementapi'];

/** The SDK clients a function's `uses` imply, once each, in a fixed order. */
export function sdkClientsFor(uses: readonly Use[] | undefined): SdkClient[] {
  const clients = new Set<SdkClient>();
  for (const use of uses ?? []) {
    if ('table' in use) clients.add('dynamodb');
    else if ('queue' in use || 'deadLetterQueue' in use || 'allQueues' in use) clients.add('sqs');
    else if ('connections' in use) clients.add('apigatewaymanagementapi');
  }
  return CLIENT_ORDER.filter((client) => clients.has(client));
}

/** The packages a baseline imports (what the report lists). */
export const baselinePackages = (clients: readonly SdkClient[]) => clients.flatMap((client) => SDK_PACKAGES[client]);

/**
 * The baseline entry module: the clients constructed at module scope with the same configuration
 * as our code (shared/store/client.ts, shared/queue/client.ts, shared/realtime/connections-api.ts),
 * exported so nothing is tree-shaken, and a trivial handler. No SDK use: only the handler.
 */
export function baselineSource(fn: string, clients: readonly SdkClient[]): string {
  const lines = [
    `// Baseline for ${fn}: only the AWS SDK clients its declaration uses (${clients.length ? clients.join(', ') : 'none'}).`,
    '// Generated by bench/cold-start.ts for `npm run bench`; not part of the application.',
  ];
  if (clients.includes('dynamodb')) {
    lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';");
  }
  if (clients.includes('sqs')) lines.push("import { SQSClient } from '@aws-sdk/client-sqs';");
  if (clients.includes('apigatewaymanagementapi')) {
    lines.push("import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';");
  }
  const requestHandler = '{ connectionTimeout: 1000, requestTimeout: 3000 }';
  if (clients.includes('dynamodb')) {
    lines.push(
      'export const documentClient = DynamoDBDocumentClient.from(',
      `  new DynamoDBClient({ maxAttempts: 3, requestHandler: ${requestHandler} }),`,
      '  { marshallOptions: { removeUndefinedValues: true } },',
      ');',
    );
  }
  if (clients.includes('sqs')) lines.push(`export const sqsClient = new SQSClient({ maxAttempts: 3, requestHandler: ${requestHandler} });`);
  if (clients.includes('apigatewaymanagementapi')) {
    lines.push(
      'export const connectionsClient = new ApiGatewayManagementApiClient({',
      '  endpoint: process.env.WEBSOCKET_CALLBACK_URL,',
      '  maxAttempts: 3,',
      `  requestHandler: ${requestHandler},`,
      '});',
    );
  }
  lines.push('export const handler = async () => ({ statusCode: 200 });', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Bundle composition (esbuild metafile)
// ---------------------------------------------------------------------------------------------

/** The package an esbuild input belongs to: `@scope/name` or `name` under node_modules, else `(own) <dir>`. */
export function packageOf(input: string): string {
  const normalized = input.replaceAll('\\', '/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = normalized.slice(at + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? normalized);
  }
  const dir = path.posix.dirname(normalized);
  return `(own) ${dir === '.' ? normalized : dir}`;
}

export interface PackageBytes {
  package: string;
  bytes: number;
}

/** Bytes in one output per package, largest first. */
export function packageBytes(metafile: Metafile, outputFile: string): PackageBytes[] {
  const key = Object.keys(metafile.outputs).find((k) => path.resolve(k) === path.resolve(outputFile));
  if (!key) throw new Error(`metafile has no output ${outputFile}`);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[key]!.inputs)) {
    const pkg = packageOf(input);
    totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([pkg, bytes]) => ({ package: pkg, bytes }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Packages whose bytes the function carries beyond its baseline, largest first. */
export function extraOverBaseline(fn: PackageBytes[], baseline: PackageBytes[]): PackageBytes[] {
  const base = new Map(baseline.map((p) => [p.package, p.bytes]));
  return fn
    .map((p) => ({ package: p.package, bytes: p.bytes - (base.get(p.package) ?? 0) }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

export interface Stats {
  median: number;
  p90: number;
  min: number;
  max: number;
  /** The first sample of this bundle (round 0: a warm-up round when there is one, then not in the other figures). */
  first: number;
  samples: number[];
}

/** Nearest-rank percentile of ascending values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function stats(samples: number[], first: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    median: round(median(sorted)),
    p90: round(percentile(sorted, 90)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    first: round(first),
    samples: samples.map(round),
  };
}

// ---------------------------------------------------------------------------------------------
// The measurement
// ---------------------------------------------------------------------------------------------

/** Stand-ins for the stack's resource references: only their shape matters to an import. */
export const DUMMY_REFS: ResourceRefs = {
  tableName: 'scorecast-bench',
  queueUrl: (queue) => `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}`,
  deadLetterQueueUrl: (queue) => `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}-dlq`,
  webSocketCallbackUrl: 'https://bench0000.execute-api.us-east-1.amazonaws.com/prod',
};

/**
 * Settings as the stack sets them, with dummy values: one trusted issuer (the stack adds its Cognito
 * user pool), so the authorizer builds its verifier at module scope as it does when deployed.
 * Nothing is fetched at import: keys are fetched on the first verification.
 */
export const DUMMY_SETTINGS: Record<string, string> = {
  JWT_ISSUERS: JSON.stringify([
    { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench0000', audience: 'bench0000', token_use: 'id' },
  ]),
};

/** What the Lambda runtime adds to every function's environment (the parts our code could read). */
export function lambdaRuntimeEnvironment(fn: string, decl: FunctionDecl, taskRoot: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: fn,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(decl.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]00000000000000000000000000000000',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: `${fn}.handler`,
  };
}

/** The whole environment one function's cold start sees here (AWS variables, its own, the runtime's). */
export function coldStartEnvironment(wiring: Wiring, fn: string, taskRoot: string): Record<string, string> {
  const decl = wiring.functions[fn];
  if (!decl) throw new Error(`Unknown function ${fn}`);
  return {
    ...awsEnvironment(), // region, dummy credentials, no IMDS, no SDK Node-version notice
    ...functionEnvironment(wiring, fn, DUMMY_REFS, DUMMY_SETTINGS),
    ...lambdaRuntimeEnvironment(fn, decl, taskRoot),
  };
}

export interface SideMeasurement {
  /** Bundle (.mjs) path, relative to the repository root. */
  bundle: string;
  bytes: number;
  /** The source map next to it (Node reads it at import with --enable-source-maps). */
  mapBytes: number;
  importMs: Stats | null;
  topPackages: PackageBytes[];
  /** Set when importing the bundle threw. */
  error?: string;
}

export interface FunctionColdStart {
  function: string;
  entry: string;
  uses: unknown[];
  baselineClients: SdkClient[];
  baselinePackages: string[];
  fn: SideMeasurement;
  baseline: SideMeasurement;
  size: { ratio: number; deltaBytes: number };
  importTime: { ratio: number; deltaMs: number } | null;
  /** Packages the function carries beyond its baseline, largest first (top 5). */
  extraPackages: PackageBytes[];
  verdict: Verdict;
  /** Import time alone against the goal (judgeImport); null when an import failed. */
  importVerdict: Verdict | null;
  /** TCP connections or fetches started while importing (must be 0: importing must not touch the network). */
  networkAttempts: number;
  /** What importing printed (first 4,000 characters; should be empty). */
  importOutput: string;
}

/** `--function a --function b` and `--functions a,b` together, once each; undefined (every function) when neither is given. */
export function functionNames(repeated: readonly string[] | undefined, commaList: string | undefined): string[] | undefined {
  const names = [...(repeated ?? []), ...(commaList ?? '').split(',')].map((name) => name.trim()).filter(Boolean);
  return names.length ? [...new Set(names)] : undefined;
}

export interface ColdStartOptions {
  wiring?: Wiring;
  /** Timed imports (fresh processes) per bundle, after warm-up. Default 15. */
  iterations?: number;
  /** Untimed imports (fresh processes) per bundle before the timed ones. Default 3. */
  warmup?: number;
  /** Where entries, bundles and metafiles go. Default <repo>/.scorecast/bench. */
  workDir?: string;
  /** Only these functions (default: every declared one). */
  functions?: string[];
  goal?: Goal;
  onProgress?: (line: string) => void;
}

export interface ColdStartResult {
  iterations: number;
  warmup: number;
  goal: Goal;
  /** The esbuild options in effect (infra/bundling.ts's esbuildOptions; the stack's). */
  bundleTarget: string;
  esbuildVersion: string;
  /** Node's --enable-source-maps during imports (from each function's NODE_OPTIONS). */
  sourceMaps: boolean;
  /** How import time was measured: one fresh `node` process per sample, imports interleaved. */
  method: 'fresh-process';
  /** The CPU every import process ran on (taskset), or null: not pinned. */
  pinnedCpu: number | null;
  bundleMs: number;
  measureMs: number;
  functions: FunctionColdStart[];
}

const relative = (file: string) => path.relative(REPOSITORY_ROOT, file) || file;
const fileSize = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

type Build = Awaited<ReturnType<typeof bundleFunctions>>;

interface Entries {
  fnEntries: Record<string, string>;
  /** The functions' declared files, copied beside their bundles as the stack ships them. */
  files: string[];
  baselineEntries: Record<string, string>;
  clientsOf: Record<string, SdkClient[]>;
}

/** The declared entries, and a generated baseline entry per function (written to `baselineDir`). */
function writeEntries(wiring: Wiring, names: readonly string[], baselineDir: string): Entries {
  const entries: Entries = { fnEntries: {}, files: [], baselineEntries: {}, clientsOf: {} };
  for (const name of names) {
    const decl = wiring.functions[name]!;
    entries.fnEntries[name] = path.resolve(REPOSITORY_ROOT, decl.entry);
    entries.files.push(...(decl.files ?? []));
    entries.clientsOf[name] = sdkClientsFor(decl.uses);
    const entry = path.join(baselineDir, `${name}.mjs`);
    writeFileSync(entry, baselineSource(name, entries.clientsOf[name]));
    entries.baselineEntries[name] = entry;
  }
  return entries;
}

/** Both builds, with the stack's options (no overrides: the deploy's target and all), and their metafiles. */
async function bundleBoth(entries: Entries, buildDir: string): Promise<{ fnBuild: Build; baselineBuild: Build; bundleMs: number }> {
  const bundleStarted = performance.now();
  const [fnBuild, baselineBuild] = await Promise.all([
    bundleFunctions(entries.fnEntries, path.join(buildDir, 'functions')),
    bundleFunctions(entries.baselineEntries, path.join(buildDir, 'baselines')),
  ]);
  await copyFilesBesideBundles(entries.files, REPOSITORY_ROOT, path.join(buildDir, 'functions'));
  const bundleMs = performance.now() - bundleStarted;
  writeFileSync(path.join(buildDir, 'functions.meta.json'), JSON.stringify(fnBuild.metafile));
  writeFileSync(path.join(buildDir, 'baselines.meta.json'), JSON.stringify(baselineBuild.metafile));
  return { fnBuild, baselineBuild, bundleMs };
}

/** The fresh-process samples of one function and its baseline; a failure to run them counts as an import error on both sides. */
async function importPair(
  script: string,
  bundles: { fn: string; baseline: string },
  env: Record<string, string>,
  warmup: number,
  iterations: number,
  cpu: number | null,
) {
  return measurePairInFreshProcesses(script, bundles, env, warmup, iterations, cpu).catch((error: unknown): PairRun => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      samples: { fn: [], baseline: [] },
      first: { fn: NaN, baseline: NaN },
      errors: { fn: message, baseline: message },
      networkAttempts: 0,
      sourceMaps: false,
      output: '',
    };
  });
}

function sideMeasurement(run: PairRun, which: 'fn' | 'baseline', bundle: string, build: Build): SideMeasurement {
  const error = run.errors[which];
  return {
    bundle: relative(bundle),
    bytes: fileSize(bundle),
    mapBytes: fileSize(`${bundle}.map`),
    importMs: error ? null : stats(run.samples[which], run.first[which]),
    topPackages: packageBytes(build.metafile, bundle).slice(0, 5),
    ...(error ? { error } : {}),
  };
}

/** The goal's verdict on size and import time; an import error or a network attempt fails it. */
function verdictOf(fn: SideMeasurement, baseline: SideMeasurement, networkAttempts: number, goal: Goal): Verdict {
  const verdict: Verdict =
    fn.importMs && baseline.importMs
      ? judge({ bytes: fn.bytes, importMs: fn.importMs.median }, { bytes: baseline.bytes, importMs: baseline.importMs.median }, goal)
      : { pass: false, rule: null, failures: [`import failed: ${fn.error ?? baseline.error}`] };
  if (networkAttempts > 0) {
    verdict.pass = false;
    verdict.rule = null;
    verdict.failures.push(`importing opened ${networkAttempts} network connection(s)`);
  }
  return verdict;
}

interface Measuring {
  wiring: Wiring;
  entries: Entries;
  fnBuild: Build;
  baselineBuild: Build;
  script: string;
  warmup: number;
  iterations: number;
  goal: Goal;
  cpu: number | null;
}

/** Imports: one fresh `node` process per sample with the function's cold-start environment; then the comparison. */
async function measureFunction(m: Measuring, name: string): Promise<{ result: FunctionColdStart; sourceMaps: boolean }> {
  const decl = m.wiring.functions[name]!;
  const bundles = { fn: m.fnBuild.outputs[name]!, baseline: m.baselineBuild.outputs[name]! };
  const env = coldStartEnvironment(m.wiring, name, path.dirname(bundles.fn));
  const run = await importPair(m.script, bundles, env, m.warmup, m.iterations, m.cpu);
  const fn = sideMeasurement(run, 'fn', bundles.fn, m.fnBuild);
  const baseline = sideMeasurement(run, 'baseline', bundles.baseline, m.baselineBuild);
  const extraPackages = extraOverBaseline(
    packageBytes(m.fnBuild.metafile, bundles.fn),
    packageBytes(m.baselineBuild.metafile, bundles.baseline),
  ).slice(0, 5);
  const importTime =
    fn.importMs && baseline.importMs
      ? { ratio: round2(fn.importMs.median / baseline.importMs.median), deltaMs: round2(fn.importMs.median - baseline.importMs.median) }
      : null;
  const clients = m.entries.clientsOf[name]!;
  const result: FunctionColdStart = {
    function: name,
    entry: decl.entry,
    uses: [...(decl.uses ?? [])],
    baselineClients: clients,
    baselinePackages: baselinePackages(clients),
    fn,
    baseline,
    size: { ratio: round2(fn.bytes / Math.max(1, baseline.bytes)), deltaBytes: fn.bytes - baseline.bytes },
    importTime,
    extraPackages,
    verdict: verdictOf(fn, baseline, run.networkAttempts, m.goal),
    importVerdict: fn.importMs && baseline.importMs ? judgeImport(fn.importMs.median, baseline.importMs.median, m.goal) : null,
    networkAttempts: run.networkAttempts,
    importOutput: run.output,
  };
  return { result, sourceMaps: run.sourceMaps };
}

export async function measureColdStart(options: ColdStartOptions = {}): Promise<ColdStartResult> {
  const wiring: Wiring = options.wiring ?? declaredWiring;
  const iterations = Math.max(1, options.iterations ?? 15);
  const warmup = Math.max(0, options.warmup ?? 3);
  const goal = options.goal ?? GOAL;
  const progress = options.onProgress ?? (() => undefined);
  const workDir = path.resolve(options.workDir ?? path.join(REPOSITORY_ROOT, '.scorecast', 'bench'));
  const names = options.functions ?? Object.keys(wiring.functions);
  for (const name of names) if (!wiring.functions[name]) throw new Error(`Unknown function ${name}`);

  // 1. Entries: the declared ones, and a generated baseline per function.
  const baselineDir = path.join(workDir, 'baselines');
  const buildDir = path.join(workDir, 'build');
  rmSync(baselineDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(baselineDir, { recursive: true });
  const entries = writeEntries(wiring, names, baselineDir);

  // 2. Bundles.
  const { fnBuild, baselineBuild, bundleMs } = await bundleBoth(entries, buildDir);
  const esbuild = await import('esbuild');
  progress(`bundled ${names.length} functions and their baselines in ${(bundleMs / 1000).toFixed(1)} s`);

  // 3. Imports, function by function, each import process on one CPU where it can be pinned.
  const cpu = pinnedCpu();
  progress(cpu === null ? 'import processes not pinned to a CPU (no taskset)' : `import processes pinned to CPU ${cpu} (taskset)`);
  const measureStarted = performance.now();
  const measuring: Measuring = { wiring, entries, fnBuild, baselineBuild, script: writeChildScript(buildDir), warmup, iterations, goal, cpu };
  const results: FunctionColdStart[] = [];
  let sourceMapsUsed = false;
  for (const name of names) {
    const { result, sourceMaps } = await measureFunction(measuring, name);
    sourceMapsUsed ||= sourceMaps;
    results.push(result);
    progress(
      `${name}: import median ${result.fn.importMs?.median.toFixed(1) ?? 'error'} ms vs baseline ${result.baseline.importMs?.median.toFixed(1) ?? 'error'} ms`,
    );
  }

  return {
    iterations,
    warmup,
    goal: { ...goal },
    bundleTarget: esbuildOptions.target,
    esbuildVersion: esbuild.version,
    sourceMaps: sourceMapsUsed,
    method: 'fresh-process',
    pinnedCpu: cpu,
    bundleMs: Math.round(bundleMs),
    measureMs: Math.round(performance.now() - measureStarted),
    functions: results,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
