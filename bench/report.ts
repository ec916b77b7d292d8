// The bench report: machine and git facts, the JSON file (.scorecast/bench/<timestamp>.json and
// latest.json), and the tables printed at the end of `npm run bench`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColdStartResult, FunctionColdStart, PackageBytes } from './cold-start.ts';
import type { TwinMemoryResult } from './twin-memory.ts';

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
    verdictCell(f),
  ]);
  const out = [
    `Cold start: bundle size and in-process import time, function vs. baseline (SDK clients only)`,
    `  ${result.iterations} timed imports each after ${result.warmup} warm-up, alternating; ms are median / p90;` +
      ` esbuild ${result.esbuildVersion}, target ${result.bundleTarget}, source maps ${result.sourceMaps ? 'on' : 'off'}` +
      `${result.gcBetweenSamples ? ', full GC before each import' : ''}`,
    `  goal: (size ≤ ${result.goal.maxRatio}x AND import ≤ ${result.goal.maxRatio}x) OR (size ≤ +${formatKb(result.goal.maxExtraBytes)} AND import ≤ +${result.goal.maxExtraMs} ms)`,
    '',
    table(
      ['function', 'baseline clients', '>bundle', '>baseline', '>size', '>Δsize', '>import ms', '>baseline ms', '>import', '>Δimport', 'verdict'],
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
    formatMb(s.memory.rssBytes),
    formatMb(s.memory.heapUsedBytes),
    formatMb(s.memory.heapTotalBytes),
    formatMb(s.memory.externalBytes),
    s.memory.threads === null ? '–' : String(s.memory.threads),
    s.warmFunctions.length ? s.warmFunctions.join(', ') : '(none)',
  ]);
  const out = [
    'Local twin (child process; memory after a settle and a full GC of the main thread)',
    `  startTwin() ${(result.startMs / 1000).toFixed(2)} s (bundling included); spawn → ready ${(result.processReadyMs / 1000).toFixed(2)} s; stop ${(result.stopMs / 1000).toFixed(2)} s`,
    '',
    table(['stage', '>RSS', '>heap used', '>heap total', '>external', '>threads', 'warm functions'], rows),
    '',
    'First calls (each includes the function’s cold start in the twin):',
    ...result.httpCalls.map((c) => `  ${c.route} → ${c.status} in ${c.ms} ms (${c.function})`),
    result.webSocket.error
      ? `  WebSocket: failed: ${result.webSocket.error}`
      : `  WebSocket connect ${result.webSocket.connectMs} ms, ping → answer ${result.webSocket.pingMs} ms: ${result.webSocket.answer ?? '–'}`,
  ];
  if (result.neverWarmed.length) out.push(`  never invoked: ${result.neverWarmed.join(', ')}`);
  const idle = result.stages[0];
  const last = result.stages.at(-1);
  if (idle && last && last !== idle) {
    const warmCount = last.warmFunctions.length;
    const growth = last.memory.rssBytes - idle.memory.rssBytes;
    out.push(
      `  RSS growth idle → all warm: ${formatMb(growth)}${warmCount ? ` (~${formatMb(growth / warmCount)} per warm function)` : ''}`,
    );
  }
  return out.join('\n');
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
  for (const [part, error] of Object.entries(report.errors)) out.push('', `${part} FAILED: ${error}`);
  return out.join('\n');
}
