// npm run bench [-- --only cold-start|memory|pipeline|webhooks|monitoring|fanout|uncertainty|scoring|judge|export|console|cost] [--iterations 15] [--warmup 3] [--function name …] [--functions a,b]
//                [--submissions 1000] [--agents 20] [--concurrency 16]
// Measures every declared function's cold-start cost against an SDK-only baseline, the local
// twin's memory and start time, and the evaluation pipeline on the twin (latency, throughput,
// engine floors, DynamoDB requests per API call), in one run; writes .scorecast/bench/<timestamp>.json
// and latest.json and prints the tables. bench/README.md explains each figure.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { functionNames, measureColdStart, REPOSITORY_ROOT } from './cold-start.ts';
import { measurePipeline, PIPELINE_DEFAULTS } from './pipeline.ts';
import { formatReport, gitFacts, machineFacts, writeReport, type BenchReport } from './report.ts';
import { measureTwinMemory } from './twin-memory.ts';
import { measureWebhooks, WEBHOOK_BENCH_DEFAULTS } from './webhooks.ts';
import { measureMonitoring, MONITORING_BENCH_DEFAULTS } from './monitoring.ts';
import { FANOUT_DEFAULTS, measureFanout } from './fanout.ts';
import { measureUncertainty } from './uncertainty.ts';
import { COST_DEFAULTS, measureCost } from './cost.ts';
import { measureScoring } from './scoring.ts';
import { JUDGE_BENCH_DEFAULTS, measureJudgeScoring } from './judge.ts';
import { EXPORT_BENCH_DEFAULTS, measureExport } from './export.ts';
import { CONSOLE_BENCH_DEFAULTS, measureConsole } from './console.ts';

const PARTS = [
  'cold-start',
  'memory',
  'pipeline',
  'webhooks',
  'monitoring',
  'fanout',
  'uncertainty',
  'scoring',
  'judge',
  'export',
  'console',
  'cost',
] as const;
type Part = (typeof PARTS)[number];

const usage =
  'usage: npm run bench [-- --only cold-start|memory|pipeline|webhooks|monitoring|fanout|uncertainty|scoring|judge|export|console|cost] [--iterations N] [--warmup N] [--function NAME ...] [--functions a,b]' +
  ' [--submissions N] [--agents N] [--concurrency N]';

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      iterations: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      function: { type: 'string', multiple: true },
      functions: { type: 'string' },
      submissions: { type: 'string', default: String(PIPELINE_DEFAULTS.submissions) },
      agents: { type: 'string', default: String(PIPELINE_DEFAULTS.agents) },
      concurrency: { type: 'string', default: String(PIPELINE_DEFAULTS.concurrency) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (values.only !== undefined && !PARTS.includes(values.only as Part)) throw new Error(`--only must be one of ${PARTS.join(', ')}\n${usage}`);
  const integer = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${usage}`);
    return n;
  };
  return {
    parts: values.only ? [values.only as Part] : [...PARTS],
    iterations: integer('iterations', values.iterations, 1),
    warmup: integer('warmup', values.warmup, 0),
    functions: functionNames(values.function, values.functions),
    submissions: integer('submissions', values.submissions, 1),
    agents: integer('agents', values.agents, 1),
    concurrency: integer('concurrency', values.concurrency, 1),
  };
}

const options = parseOptions();
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const startedAt = new Date();
const loadAtStart = os.loadavg();
const started = performance.now();
const report: BenchReport = {
  schemaVersion: 1,
  startedAt: startedAt.toISOString(),
  finishedAt: '',
  durationMs: 0,
  argv: process.argv.slice(2),
  machine: machineFacts(loadAtStart),
  git: gitFacts(REPOSITORY_ROOT),
  errors: {},
};

// The twin first: its child process then runs on a quiet machine, before this process holds
// hundreds of imported module instances.
if (options.parts.includes('memory')) {
  log('starting the twin in a child process…');
  try {
    report.twinMemory = await measureTwinMemory({ onProgress: log });
  } catch (error) {
    report.errors.memory = error instanceof Error ? error.message : String(error);
    log(`twin memory failed: ${report.errors.memory}`);
  }
}

// The pipeline next, before the cold-start part loads hundreds of module instances into this process.
if (options.parts.includes('pipeline')) {
  log(`pipeline: ${options.submissions} submissions by ${options.agents} agents, concurrency ${options.concurrency}, on a twin in this process…`);
  try {
    const pipelineStarted = performance.now();
    report.pipeline = await measurePipeline({
      submissions: options.submissions,
      agents: options.agents,
      concurrency: options.concurrency,
      onProgress: log,
    });
    report.pipeline.durationMs = Math.round(performance.now() - pipelineStarted);
  } catch (error) {
    report.errors.pipeline = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`pipeline failed: ${report.errors.pipeline}`);
  }
}

// Webhook deliveries, also before the cold-start part (a twin in this process).
if (options.parts.includes('webhooks')) {
  log(`webhooks: ${WEBHOOK_BENCH_DEFAULTS.events} events to 3 endpoints on a twin in this process…`);
  try {
    report.webhooks = await measureWebhooks({ ...WEBHOOK_BENCH_DEFAULTS, onProgress: log });
  } catch (error) {
    report.errors.webhooks = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`webhooks failed: ${report.errors.webhooks}`);
  }
}

// Live agent monitoring (seed 001's wallboard), also before the cold-start part (a twin in this process).
if (options.parts.includes('monitoring')) {
  log(
    `monitoring: up to ${MONITORING_BENCH_DEFAULTS.agents} agents for ${MONITORING_BENCH_DEFAULTS.durationSeconds} s per mode (${MONITORING_BENCH_DEFAULTS.modes.join(', ')}), sized to the twin's measured capacity…`,
  );
  try {
    report.monitoring = await measureMonitoring({ ...MONITORING_BENCH_DEFAULTS, onProgress: log });
  } catch (error) {
    report.errors.monitoring = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`monitoring failed: ${report.errors.monitoring}`);
  }
}

// WebSocket fan-out against the bare SDK floor, and the cloud model (two twins in this process, in turn).
if (options.parts.includes('fanout')) {
  log(`fanout: ${FANOUT_DEFAULTS.sizes.join(' and ')} WebSocket clients on a twin in this process, then the cloud model…`);
  try {
    report.fanout = await measureFanout({ onProgress: log });
  } catch (error) {
    report.errors.fanout = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`fanout failed: ${report.errors.fanout}`);
  }
}

// A score's uncertainty (bootstrap and standard error) for 500 tasks: pure computation, in this process.
if (options.parts.includes('uncertainty')) {
  log('uncertainty: the bootstrap and standard error of a 500-task submission…');
  try {
    report.uncertainty = measureUncertainty();
  } catch (error) {
    report.errors.uncertainty = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`uncertainty failed: ${report.errors.uncertainty}`);
  }
}

// What a million submissions of the bench's mix cost at AWS list prices (a twin in this process).
if (options.parts.includes('cost')) {
  log(`cost: ${COST_DEFAULTS.submissions} submissions of the mix, every request counted, on a twin in this process…`);
  try {
    report.cost = await measureCost({ onProgress: log });
  } catch (error) {
    report.errors.cost = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`cost failed: ${report.errors.cost}`);
  }
}

// Scoring throughput with 1 output and with 5 attempts per task (exact match, 500 tasks): pure computation, in this process.
if (options.parts.includes('scoring')) {
  log('scoring: a 500-task exact-match submission, one output and 5 attempts per task…');
  try {
    report.scoring = measureScoring();
  } catch (error) {
    report.errors.scoring = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`scoring failed: ${report.errors.scoring}`);
  }
}

// Scoring throughput with a judge scorer next to exact match (a twin and the example judge in this process).
if (options.parts.includes('judge')) {
  log(`judge: ${JUDGE_BENCH_DEFAULTS.submissions} submissions exact-match, then judge-scored, on a twin in this process…`);
  try {
    report.judge = await measureJudgeScoring({ ...JUDGE_BENCH_DEFAULTS, onProgress: log });
  } catch (error) {
    report.errors.judge = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`judge failed: ${report.errors.judge}`);
  }
}

// Exporting 10,000 submissions and comparing two agents (a twin in this process).
if (options.parts.includes('export')) {
  log(`export: ${EXPORT_BENCH_DEFAULTS.submissions} submissions exported as CSV and JSON Lines on a twin in this process…`);
  try {
    report.export = await measureExport(EXPORT_BENCH_DEFAULTS, log);
  } catch (error) {
    report.errors.export = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`export failed: ${report.errors.export}`);
  }
}

// The web console in the system's Chromium against a twin in this process (before the cold-start part).
if (options.parts.includes('console')) {
  log('console: bundle size, then navigation, a 1,000-entry render and update → row latency in Chromium on a twin in this process…');
  try {
    report.console = await measureConsole(CONSOLE_BENCH_DEFAULTS, log);
  } catch (error) {
    report.errors.console = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`console failed: ${report.errors.console}`);
  }
}

if (options.parts.includes('cold-start')) {
  log(`cold start: bundling, then ${options.warmup} + ${options.iterations} imports per bundle…`);
  try {
    report.coldStart = await measureColdStart({
      iterations: options.iterations,
      warmup: options.warmup,
      functions: options.functions,
      onProgress: log,
    });
  } catch (error) {
    report.errors['cold-start'] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`cold start failed: ${report.errors['cold-start']}`);
  }
}

report.finishedAt = new Date().toISOString();
report.durationMs = Math.round(performance.now() - started);
report.machine = machineFacts(loadAtStart);
const { file, latest } = writeReport(report, path.join(REPOSITORY_ROOT, '.scorecast', 'bench'));

process.stdout.write(`${formatReport(report)}\n\n`);
process.stdout.write(
  `Report: ${path.relative(process.cwd(), file)} (and ${path.relative(process.cwd(), latest)}); ${(report.durationMs / 1000).toFixed(1)} s\n`,
);
// Imported bundles may hold timers or sockets (none should); the bench is done either way.
process.exit(Object.keys(report.errors).length > 0 ? 1 : 0);
