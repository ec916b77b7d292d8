// npm run bench [-- --only cold-start|memory] [--iterations 15] [--warmup 3] [--function name …]
// Measures every declared function's cold-start cost against an SDK-only baseline, and the local
// twin's memory and start time, in one run; writes .scorecast/bench/<timestamp>.json and
// latest.json and prints the tables. bench/README.md explains each figure.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureColdStart, REPOSITORY_ROOT } from './cold-start.ts';
import { formatReport, gitFacts, machineFacts, writeReport, type BenchReport } from './report.ts';
import { measureTwinMemory } from './twin-memory.ts';

const PARTS = ['cold-start', 'memory'] as const;
type Part = (typeof PARTS)[number];

const usage = 'usage: npm run bench [-- --only cold-start|memory] [--iterations N] [--warmup N] [--function NAME ...]';

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      iterations: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      function: { type: 'string', multiple: true },
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
    functions: values.function,
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
