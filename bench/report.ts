// The bench report: machine and git facts, the JSON file (.scorecast/bench/<timestamp>.json and
// latest.json), and the tables printed at the end of `npm run bench`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColdStartResult, FunctionColdStart, PackageBytes } from './cold-start.ts';
import type { PipelineResult, RequestCountRow } from './pipeline.ts';
import type { LatencyStats } from './pipeline-stats.ts';
import type { TwinMemoryResult } from './twin-memory.ts';
import { formatWebhooks, type WebhookBenchResult } from './webhooks.ts';
import { formatMonitoring, type MonitoringBenchResult } from './monitoring.ts';
import { formatUncertainty, type UncertaintyBenchResult } from './uncertainty.ts';
import { formatCost, type CostResult } from './cost.ts';
import { formatScoring, type ScoringBenchResult } from './scoring.ts';
import { formatJudgeScoring, type JudgeBenchResult } from './judge.ts';
import { formatExport, type ExportBenchResult } from './export.ts';
import { type ConsoleBenchResult, formatConsole } from './console.ts';
import { formatFanout, type FanoutResult } from './fanout.ts';

export interface MachineFacts {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  osRelease: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  /** 1/5/15-minute load averages when the bench started and ended (other work on the machine skews timings). */
  loadAverage: { start: number[]; end: number[] };
}

export interface GitFacts {
  commit: string | null;
  branch: string | null;
  /** Uncommitted changes (the figures then describe the working tree, not the commit). */
  dirty: boolean;
  changedFiles: number;
}

export interface BenchReport {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  argv: string[];
  machine: MachineFacts;
  git: GitFacts;
  coldStart?: ColdStartResult;
  twinMemory?: TwinMemoryResult;
  pipeline?: PipelineResult;
  webhooks?: WebhookBenchResult;
  monitoring?: MonitoringBenchResult;
  fanout?: FanoutResult;
  uncertainty?: UncertaintyBenchResult;
  cost?: CostResult;
  scoring?: ScoringBenchResult;
  judge?: JudgeBenchResult;
  export?: ExportBenchResult;
  console?: ConsoleBenchResult;
  /** A part that failed to run, by name. */
  errors: Record<string, string>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function machineFacts(loadAtStart: number[]): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    loadAverage: { start: loadAtStart.map(round2), end: os.loadavg().map(round2) },
  };
}

export function gitFacts(cwd: string): GitFacts {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const status = git('status', '--porcelain', '--untracked-files=all');
  const changedFiles = status ? status.split('\n').filter(Boolean).length : 0;
  return {
    commit: git('rev-parse', 'HEAD'),
    branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
    dirty: changedFiles > 0,
    changedFiles,
  };
}

/** `2025-01-31T12:34:56.789Z` → `2025-01-31T12-34-56.789Z` (a file name on every OS). */
export const timestampFileName = (iso: string) => `${iso.replaceAll(':', '-')}.json`;

export function writeReport(report: BenchReport, dir: string): { file: string; latest: string } {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(dir, timestampFileName(report.startedAt));
  const latest = path.join(dir, 'latest.json');
  writeFileSync(file, json);
  writeFileSync(latest, json);
  return { file, latest };
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

export const formatKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : `${n.toFixed(1)}`);
const signed = (n: number, text: string) => `${n >= 0 ? '+' : '−'}${text}`;

/** A plain-text table; columns whose header starts with '>' are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const right = headers.map((h) => h.startsWith('>'));
  const names = headers.map((h) => h.replace(/^>/, ''));
  const widths = names.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(names), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

const packages = (list: PackageBytes[]) => (list.length ? list.map((p) => `${p.package} ${formatKb(p.bytes)}`).join(' · ') : '–');

function verdictCell(f: FunctionColdStart): string {
  if (!f.verdict.pass) return 'FAIL';
  return f.verdict.rule === 'ratio' ? 'PASS (≤1.3x)' : 'PASS (≤+50KB,+10ms)';
}

export function formatColdStart(result: ColdStartResult): string {
  const rows = result.functions.map((f) => [
    f.function,
    f.baselineClients.length ? f.baselineClients.join('+') : '(none)',
    formatKb(f.fn.bytes),
    formatKb(f.baseline.bytes),
    `${f.size.ratio.toFixed(2)}x`,
    signed(f.size.deltaBytes, formatKb(Math.abs(f.size.deltaBytes))),
    f.fn.importMs ? `${ms(f.fn.importMs.median)} / ${ms(f.fn.importMs.p90)}` : 'error',
    f.baseline.importMs ? `${ms(f.baseline.importMs.median)} / ${ms(f.baseline.importMs.p90)}` : 'error',
    f.importTime ? `${f.importTime.ratio.toFixed(2)}x` : '–',
    f.importTime ? signed(f.importTime.deltaMs, `${Math.abs(f.importTime.deltaMs).toFixed(1)} ms`) : '–',
    f.importVerdict ? (f.importVerdict.pass ? 'PASS' : 'FAIL') : '–',
    verdictCell(f),
  ]);
  const out = [
    `Cold start: bundle size and import time in a fresh node process per sample, function vs. baseline (SDK clients only)`,
    `  ${result.iterations} timed imports (fresh processes) each after ${result.warmup} warm-up, interleaved; ms are median / p90;` +
      ` esbuild ${result.esbuildVersion}, target ${result.bundleTarget}, source maps ${result.sourceMaps ? 'on' : 'off'}`,
    `  import goal: import ≤ ${result.goal.maxRatio}x OR ≤ +${result.goal.maxExtraMs} ms (median);` +
      ` verdict: (size ≤ ${result.goal.maxRatio}x AND import ≤ ${result.goal.maxRatio}x) OR (size ≤ +${formatKb(result.goal.maxExtraBytes)} AND import ≤ +${result.goal.maxExtraMs} ms)`,
    '',
    table(
      [
        'function',
        'baseline clients',
        '>bundle',
        '>baseline',
        '>size',
        '>Δsize',
        '>import ms',
        '>baseline ms',
        '>import',
        '>Δimport',
        'import goal',
        'verdict',
      ],
      rows,
    ),
  ];
  const failures = result.functions.filter((f) => !f.verdict.pass);
  if (failures.length) {
    out.push('', 'Why they fail:');
    for (const f of failures) out.push(`  ${f.function}: ${f.verdict.failures.join('; ')}`);
  }
  out.push('', 'Top packages by bytes in each bundle (esbuild metafile), and what the function carries beyond its baseline:');
  for (const f of result.functions) {
    out.push(`  ${f.function}`);
    out.push(`    bundle:         ${packages(f.fn.topPackages)}`);
    out.push(`    over baseline:  ${packages(f.extraPackages)}`);
  }
  return out.join('\n');
}

export function formatTwinMemory(result: TwinMemoryResult): string {
  const rows = result.stages.map((s) => [
    s.label,
    formatMb(s.memory.totalRssBytes ?? s.memory.rssBytes),
    formatMb(s.memory.rssBytes),
    formatMb(s.memory.childrenRssBytes ?? 0),
    formatMb(s.memory.heapUsedBytes),
    formatMb(s.memory.heapTotalBytes),
    formatMb(s.memory.externalBytes),
    s.memory.threads === null ? '–' : String(s.memory.threads),
    s.warmFunctions.length ? s.warmFunctions.join(', ') : '(none)',
  ]);
  const out = [
    "Local twin (child process; memory after a settle and a full GC of the main thread; total RSS = the twin's process + the processes it started)",
    `  startTwin() ${(result.startMs / 1000).toFixed(2)} s (bundling included); spawn → ready ${(result.processReadyMs / 1000).toFixed(2)} s; stop ${(result.stopMs / 1000).toFixed(2)} s`,
    '',
    table(['stage', '>total RSS', '>process RSS', '>child RSS', '>heap used', '>heap total', '>external', '>threads', 'warm functions'], rows),
    '',
    'First calls (each includes the function’s cold start in the twin):',
    ...result.httpCalls.map((c) => `  ${c.route} → ${c.status} in ${c.ms} ms (${c.function})`),
    result.webSocket.error
      ? `  WebSocket: failed: ${result.webSocket.error}`
      : `  WebSocket connect ${result.webSocket.connectMs} ms, ping → answer ${result.webSocket.pingMs} ms: ${result.webSocket.answer ?? '–'}`,
  ];
  if (result.neverWarmed.length) out.push(`  never invoked: ${result.neverWarmed.join(', ')}`);
  const children = result.stages.flatMap((s) =>
    (s.memory.children ?? []).map((c) => `${s.label}: pid ${c.pid} ${formatMb(c.rssBytes)} ${c.command}`),
  );
  if (children.length) out.push('  child processes:', ...children.map((line) => `    ${line}`));
  const idle = result.stages[0];
  const last = result.stages.at(-1);
  if (idle && last && last !== idle) {
    const warmCount = last.warmFunctions.length;
    const growth = last.memory.rssBytes - idle.memory.rssBytes;
    out.push(`  RSS growth idle → all warm: ${formatMb(growth)}${warmCount ? ` (~${formatMb(growth / warmCount)} per warm function)` : ''}`);
  }
  return out.join('\n');
}

const stat = (n: number) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const latencyCells = (s: LatencyStats) => [stat(s.p50), stat(s.p90), stat(s.p99), stat(s.max), String(s.n)];

function countCell(row: RequestCountRow): string {
  const values = new Set(row.dynamodb);
  return values.size === 1 ? String(row.dynamodb[0]) : `${Math.min(...row.dynamodb)}–${Math.max(...row.dynamodb)} (${row.dynamodb.join(',')})`;
}

/** `GetItem APIKEY, UpdateItem RATE, …` with repeats folded (`BatchWriteItem SPAN×25 ×4`). */
function labelsCell(labels: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < labels.length; ) {
    let j = i;
    while (j < labels.length && labels[j] === labels[i]) j++;
    out.push(j - i > 1 ? `${labels[i]} (${j - i}x)` : labels[i]!);
    i = j;
  }
  return out.join(', ') || '–';
}

/** The run's headline: sizes, counts, throughput, dead letters and the board check. */
function pipelineSummary(result: PipelineResult): string[] {
  const { run, options } = result;
  const refused =
    Object.entries(run.refused)
      .map(([status, n]) => `${n}× ${status}`)
      .join(', ') || 'none';
  return [
    `Evaluation pipeline on the twin (in this process): ${options.submissions} submissions by ${options.agents} agents, concurrency ${options.concurrency}; ` +
      `${options.tasks} tasks (every scorer), rule ${options.leaderboardRule}; after ${options.warmupSubmissions} warm-up submissions`,
    `  twin start ${(result.twinStartMs / 1000).toFixed(1)} s; part took ${(result.durationMs / 1000).toFixed(1)} s; settings ${JSON.stringify(options.settings)}`,
    '',
    `  accepted ${run.accepted}/${run.submitted} (refused: ${refused}); scored ${run.scored}, failed ${run.failed}, still pending ${run.pending}; ` +
      `not scored within ${options.deadlineSeconds} s: ${run.notScoredWithinDeadline} (goal 0)`,
    `  scores equal to the bench's own computation: ${run.scoresAsExpected}/${run.scored}; submissions scored more than once (redelivery): ${run.rescoringAttempts}`,
    `  throughput: ${run.accepted} accepted in ${run.throughput.submitSeconds.toFixed(1)} s (${run.throughput.acceptedPerSecond}/s); ` +
      `${run.scored} scored in ${run.throughput.scoringSpanSeconds.toFixed(1)} s, first queued → last scored (${run.throughput.scoredPerSecond}/s); ` +
      `drained ${(run.drainMs / 1000).toFixed(1)} s after the last 202`,
    `  dead-lettered during the run: ${
      Object.entries(run.deadLettered)
        .map(([queue, n]) => `${queue} ${n}`)
        .join(', ') || '–'
    } (goal 0)`,
    `  final board: ${run.board.equalsRecount ? 'EQUALS' : 'DIFFERS FROM'} the recount of every scored submission (${run.board.entries} entries, ${run.board.expectedEntries} expected)`,
    ...run.board.mismatches.map((m) => `    ${m}`),
  ];
}

/** The run's latencies next to their floors, and the process's load during the run. */
function pipelineLatencies(result: PipelineResult): string[] {
  const { run, floors } = result;
  const f = floors.dynamodb;
  const q = floors.sqs;
  const p50 = {
    get: f.getItem.p50,
    put: f.putItemConditional.p50,
    update: f.updateItemConditionalAdd.p50,
    query: f.queryGsi1.p50,
    send: q.sendMessage.p50,
    trip: q.sendToLongPollReceive.p50,
  };
  // Floors of each segment: the engine calls it makes one after another, at their bare p50 (bench/README.md §3).
  const floorCreate = 2 * p50.update + 2 * p50.get + 2 * p50.put + p50.send;
  const floorToScoring = 3 * p50.get + p50.update + p50.put + p50.trip;
  const floorScoring = p50.update + p50.get;
  const floorOnBoard = floorToScoring + floorScoring + p50.update + p50.get + p50.put;
  return [
    table(
      ['latency (ms)', '>p50', '>p90', '>p99', '>max', '>n', '>floor p50', 'floor = bare calls in sequence'],
      [
        ['HTTP POST → 202 (client)', ...latencyCells(run.httpAcceptMs), stat(floorCreate), '2 UpdateItem + 2 GetItem + 2 PutItem + SendMessage'],
        ['accepted → scored', ...latencyCells(run.acceptedToScoredMs), stat(floorToScoring + floorScoring), 'the two rows below'],
        ['  queued → scoring', ...latencyCells(run.queueWaitMs), stat(floorToScoring), '3 GetItem + UpdateItem + PutItem + send→long-poll receive'],
        ['  scoring → scored', ...latencyCells(run.scoringMs), stat(floorScoring), 'UpdateItem + GetItem'],
        [
          `accepted → seen on board`,
          ...latencyCells(run.acceptedToOnBoardMs),
          stat(floorOnBoard),
          `+ UpdateItem + GetItem + PutItem; polled every ~${stat(run.boardPollIntervalMs)} ms`,
        ],
      ],
    ),
    `  (accepted = the submission's "queued" transition; scoring/scored = its later transitions; server clocks, ms. Not seen on the board: ${run.notSeenOnBoard}.)`,
    `  during the run: main thread (gateway, dynalite, fauxqs, pollers, the bench's client) event-loop utilisation ${(run.process.mainThreadEventLoopUtilization * 100).toFixed(0)}%; ` +
      `process CPU ${run.process.cpuCores.toFixed(2)} of ${run.process.cpuCount} cores; ` +
      `DynamoDB request time inside dynalite p50 ${stat(run.dynamodb.engineMs.all?.p50 ?? NaN)} / p99 ${stat(run.dynamodb.engineMs.all?.p99 ?? NaN)} ms ` +
      `(idle, during the floors: p50 ${stat(result.floorEngineMs.all?.p50 ?? NaN)})`,
  ];
}

/** The bare floors, with the engine-side time of each DynamoDB operation idle and during the run. */
function pipelineFloors(result: PipelineResult): string[] {
  const { run, floors } = result;
  const f = floors.dynamodb;
  const q = floors.sqs;
  const inside = (operation: string) => {
    const idle = result.floorEngineMs[operation];
    const busy = run.dynamodb.engineMs[operation];
    return [idle ? stat(idle.p50) : '–', busy ? `${stat(busy.p50)} / ${stat(busy.p99)}` : '–'];
  };
  return [
    `Bare floors, same run and engines (SDK from the bench's thread, one call at a time; ${floors.samples} calls each after ${floors.warmup} warm-up):`,
    table(
      ['call', '>p50', '>p90', '>p99', '>max', '>n', '>in dynalite idle p50', '>in dynalite during run p50 / p99'],
      [
        ['DynamoDB GetItem (consistent)', ...latencyCells(f.getItem), ...inside('GetItem')],
        ['DynamoDB PutItem (conditional)', ...latencyCells(f.putItemConditional), ...inside('PutItem')],
        ['DynamoDB UpdateItem (conditional ADD)', ...latencyCells(f.updateItemConditionalAdd), ...inside('UpdateItem')],
        [`DynamoDB Query GSI1 (${floors.queryItems} items)`, ...latencyCells(f.queryGsi1), ...inside('Query')],
        ['SQS SendMessage', ...latencyCells(q.sendMessage), '', ''],
        ['SQS SendMessage → long-poll ReceiveMessage', ...latencyCells(q.sendToLongPollReceive), '', ''],
      ],
    ),
  ];
}

/** The requests-per-API-call table. */
function pipelineRequestCounts(result: PipelineResult): string[] {
  return [
    `DynamoDB requests per API call, counted at the engine (authorizer + function; ${result.requestCounts.repetitions} repetitions; ` +
      `fresh = an Authorization header the gateway has not cached, so the authorizer runs; alone ms = median latency of that call on the idle, warm twin):`,
    table(
      ['call', 'caller', 'authorizer', '>alone ms', '>measured', '>minimum', '>over', 'requests (first repetition, in order)'],
      result.requestCounts.rows.map((row) => [
        row.operation,
        row.caller,
        row.authorizer,
        stat([...row.ms].sort((a, b) => a - b)[Math.floor(row.ms.length / 2)] ?? NaN),
        countCell(row),
        String(row.minimum),
        (() => {
          const over = Math.max(...row.dynamodb) - row.minimum;
          return over > 0 ? `+${over}` : over < 0 ? String(over) : '0';
        })(),
        labelsCell(row.labels) +
          (row.sqsLabels.length ? ` | SQS: ${row.sqsLabels.join(', ')}` : '') +
          (row.contaminated ? ` [${row.contaminated} rep(s) not isolated]` : ''),
      ]),
    ),
  ];
}

/** Every engine request of the run by label, and the function log lines. */
function pipelineTraffic(result: PipelineResult): string[] {
  const { run } = result;
  const out = [
    `Engine traffic during the run (first submission → drained; board polls and the sweeper included): ` +
      `${run.dynamodb.requests} DynamoDB requests, ${run.dynamodb.perAccepted} per accepted submission`,
    `  ${Object.entries(run.dynamodb.byLabel)
      .map(([label, n]) => `${label} ${n}`)
      .join(' · ')}`,
    `  SQS: ${
      Object.entries(run.sqs.byOperation)
        .map(([operation, n]) => `${operation} ${n}`)
        .join(' · ') || '–'
    }`,
    `  function log lines: ${run.functionLogLinesPerSubmission} per submission; WARN/ERROR lines in the whole part: ${result.warnOrErrorLogLines}`,
  ];
  if (result.logTail.length) out.push('  last WARN/ERROR lines:', ...result.logTail.map((line) => `    ${line}`));
  return out;
}

export function formatPipeline(result: PipelineResult): string {
  return [
    ...pipelineSummary(result),
    '',
    ...pipelineLatencies(result),
    '',
    ...pipelineFloors(result),
    '',
    ...pipelineRequestCounts(result),
    '',
    ...pipelineTraffic(result),
  ].join('\n');
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `scorecast bench — ${report.startedAt}`,
    `  ${m.cpuModel} × ${m.cpuCount}, ${formatMb(m.totalMemoryBytes)} RAM, Node ${m.node} (${m.platform}/${m.arch}); load ${m.loadAverage.start.join(' ')} → ${m.loadAverage.end.join(' ')}`,
    `  git ${report.git.commit?.slice(0, 12) ?? 'unknown'}${report.git.dirty ? ` + ${report.git.changedFiles} uncommitted change(s)` : ''}`,
  ];
  if (report.coldStart) out.push('', formatColdStart(report.coldStart));
  if (report.twinMemory) out.push('', formatTwinMemory(report.twinMemory));
  if (report.pipeline) out.push('', formatPipeline(report.pipeline));
  if (report.webhooks) out.push('', formatWebhooks(report.webhooks));
  if (report.monitoring) out.push('', formatMonitoring(report.monitoring));
  if (report.fanout) out.push('', formatFanout(report.fanout));
  if (report.uncertainty) out.push('', formatUncertainty(report.uncertainty));
  if (report.cost) out.push('', formatCost(report.cost));
  if (report.scoring) out.push('', formatScoring(report.scoring));
  if (report.judge) out.push('', formatJudgeScoring(report.judge));
  if (report.export) out.push('', formatExport(report.export));
  if (report.console) out.push('', formatConsole(report.console));
  for (const [part, error] of Object.entries(report.errors)) out.push('', `${part} FAILED: ${error}`);
  return out.join('\n');
}
