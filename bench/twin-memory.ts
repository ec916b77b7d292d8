// The local twin's memory and start time, measured in a child process of its own so nothing of the
// bench (bundles, imported SDK instances) is counted. This one file is both sides:
// - imported (bench/run.ts): measureTwinMemory() spawns `node --expose-gc --import tsx <this file> --twin-child`;
// - run with --twin-child: starts the twin on ephemeral ports with a temporary state directory,
//   samples process.memoryUsage() idle, after one request to every HTTP route (real HTTP), and
//   after a WebSocket connect / ping / disconnect, stops the twin, and reports over IPC.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Twin } from '#infra/local/twin.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHILD_FLAG = '--twin-child';

export interface MemorySample {
  /** The twin's process and every process it started (esbuild's service, if left running): what the twin costs the machine. */
  totalRssBytes: number;
  /** Whole process: the main thread, every function's worker thread, the embedded engines. */
  rssBytes: number;
  /** RSS of the twin's descendant processes (Linux /proc; 0 elsewhere), and their commands. */
  childrenRssBytes: number;
  children: { pid: number; command: string; rssBytes: number }[];
  /** Main thread's V8 heap only (worker threads have their own heaps; they show in RSS). */
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** OS threads of the process (Linux): each started function environment adds one. */
  threads: number | null;
  /** Peak RSS so far (Linux VmHWM). */
  peakRssBytes: number | null;
}

export interface RouteCall {
  route: string;
  function: string;
  status: number;
  /** First call: includes the function's cold start (worker thread + bundle import). */
  ms: number;
}

export interface TwinMemoryStage {
  /** What had happened when the sample was taken. */
  label: string;
  memory: MemorySample;
  /** Functions with a started execution environment at this point. */
  warmFunctions: string[];
}

export interface TwinMemoryResult {
  /** startTwin() alone: engines, bundling every function, gateways, issuer, seed. */
  startMs: number;
  /** Spawn of the child → twin ready (Node + tsx boot, imports, startTwin()). */
  processReadyMs: number;
  stopMs: number;
  stages: TwinMemoryStage[];
  httpCalls: RouteCall[];
  webSocket: { connectMs: number; pingMs: number; answer: string | null; error?: string };
  /** Declared functions no stage invoked (queue consumers, schedules…). */
  neverWarmed: string[];
  functionLogLines: number;
  /** Last function log lines (for a failed call). */
  logTail: string[];
  gcBeforeSamples: boolean;
}

type ChildMessage =
  | { type: 'started'; startMs: number }
  | { type: 'result'; result: Omit<TwinMemoryResult, 'processReadyMs'> }
  | { type: 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Parent side
// ---------------------------------------------------------------------------------------------

export async function measureTwinMemory(options: { timeoutMs?: number; onProgress?: (line: string) => void } = {}): Promise<TwinMemoryResult> {
  const timeoutMs = options.timeoutMs ?? 300_000; // a fresh build of every function on a loaded machine
  const progress = options.onProgress ?? (() => undefined);
  const spawned = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', THIS_FILE, CHILD_FLAG], {
    cwd: REPOSITORY_ROOT,
    // startMs means "bundling every function included", as on a first start: no bundle cache.
    env: { ...process.env, SCORECAST_NO_BUNDLE_CACHE: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  return new Promise<TwinMemoryResult>((resolve, reject) => {
    let processReadyMs = NaN;
    let settled = false;
    const finish = (error: Error | undefined, result?: TwinMemoryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        if (child.exitCode === null) child.kill('SIGKILL');
        reject(error);
      } else resolve(result!);
    };
    const timer = setTimeout(() => finish(new Error(`twin memory child timed out after ${timeoutMs} ms\n${output}`)), timeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'started') {
        processReadyMs = performance.now() - spawned;
        progress(`twin started in ${(message.startMs / 1000).toFixed(1)} s (process ready after ${(processReadyMs / 1000).toFixed(1)} s)`);
      } else if (message.type === 'result') finish(undefined, { ...message.result, processReadyMs: Math.round(processReadyMs) });
      else finish(new Error(`twin memory child failed: ${message.message}\n${output}`));
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      if (!settled) finish(new Error(`twin memory child exited (${signal ?? code}) without a result\n${output}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Child side
// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every descendant process of `pid` with its resident memory (Linux /proc; none elsewhere). */
export function descendantProcesses(pid = process.pid): { pid: number; command: string; rssBytes: number }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  for (const p of pids) {
    try {
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after its last ')'.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parentOf.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: { pid: number; command: string; rssBytes: number }[] = [];
  const isDescendant = (p: number): boolean => {
    for (let parent = parentOf.get(p); parent !== undefined && parent > 1; parent = parentOf.get(parent)) if (parent === pid) return true;
    return false;
  };
  for (const p of parentOf.keys()) {
    if (!isDescendant(p)) continue;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const rssKb = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
      const command = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200);
      found.push({ pid: p, command, rssBytes: rssKb * 1024 });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function procStatus(): { threads: number | null; peakRssBytes: number | null } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const field = (name: string) => status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1];
    const threads = field('Threads');
    const hwm = field('VmHWM');
    return { threads: threads ? Number(threads) : null, peakRssBytes: hwm ? Number(hwm) * 1024 : null };
  } catch {
    return { threads: null, peakRssBytes: null };
  }
}

/** A settled sample: pending work finishes, then a full GC of the main heap (with --expose-gc). */
async function sampleMemory(): Promise<MemorySample> {
  await sleep(300);
  (globalThis as { gc?: () => void }).gc?.();
  await sleep(100);
  const usage = process.memoryUsage();
  const children = descendantProcesses();
  const childrenRssBytes = children.reduce((sum, child) => sum + child.rssBytes, 0);
  return {
    totalRssBytes: usage.rss + childrenRssBytes,
    rssBytes: usage.rss,
    childrenRssBytes,
    children,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
    ...procStatus(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Every HTTP route once, through the gateway (the authorizer runs for non-public routes); adds the functions it warmed to `warm`. */
async function callEveryHttpRoute(twin: Twin, token: string, warm: Set<string>): Promise<RouteCall[]> {
  const { wiring } = twin;
  const httpCalls: RouteCall[] = [];
  for (const route of wiring.http.routes) {
    const urlPath = route.path.replace(/\{[^}]+\}/g, 'bench');
    const headers: Record<string, string> = { 'x-correlation-id': 'bench' };
    if (route.access !== 'public') {
      headers.authorization = `Bearer ${token}`;
      warm.add(wiring.authorizer.function);
    }
    const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
    if (hasBody) headers['content-type'] = 'application/json';
    const callStarted = performance.now();
    const response = await withTimeout(
      fetch(`${twin.httpUrl}${urlPath}`, { method: route.method, headers, body: hasBody ? '{}' : undefined }),
      30_000,
      `${route.method} ${route.path}`,
    );
    await response.arrayBuffer();
    httpCalls.push({
      route: `${route.method} ${route.path}`,
      function: route.function,
      status: response.status,
      ms: Math.round(performance.now() - callStarted),
    });
    warm.add(route.function);
  }
  return httpCalls;
}

/** The WebSocket API: $connect (with the authorizer), one $default frame, $disconnect; adds the functions it warmed to `warm`. */
async function webSocketRoundTrip(twin: Twin, token: string, warm: Set<string>): Promise<TwinMemoryResult['webSocket']> {
  const { wiring } = twin;
  const webSocket: TwinMemoryResult['webSocket'] = { connectMs: NaN, pingMs: NaN, answer: null };
  try {
    const { default: WebSocket } = await import('ws');
    const connectStarted = performance.now();
    const socket = new WebSocket(`${twin.wsUrl}?${wiring.authorizer.webSocketTokenParameter}=${encodeURIComponent(token)}`);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
        socket.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket upgrade answered ${res.statusCode}`)));
      }),
      30_000,
      'WebSocket connect',
    );
    webSocket.connectMs = Math.round(performance.now() - connectStarted);
    warm.add(wiring.authorizer.function);
    if (wiring.webSocket.routes.$connect) warm.add(wiring.webSocket.routes.$connect);
    const pingStarted = performance.now();
    const answer = withTimeout(new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data)))), 30_000, 'WebSocket answer');
    socket.send(JSON.stringify({ action: 'ping', id: 'bench' }));
    webSocket.answer = (await answer).slice(0, 300);
    webSocket.pingMs = Math.round(performance.now() - pingStarted);
    if (wiring.webSocket.routes.$default) warm.add(wiring.webSocket.routes.$default);
    await withTimeout(
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'bench');
      }),
      10_000,
      'WebSocket close',
    );
    await sleep(500); // the gateway invokes $disconnect after the close
    if (wiring.webSocket.routes.$disconnect) warm.add(wiring.webSocket.routes.$disconnect);
  } catch (error) {
    webSocket.error = error instanceof Error ? error.message : String(error);
  }
  return webSocket;
}

/** The twin's memory at each stage: idle, after every HTTP route, after the WebSocket round trip; then its stop. */
async function measureStages(twin: Twin) {
  const warm = new Set<string>();
  const stages: TwinMemoryStage[] = [];
  const stage = async (label: string) => stages.push({ label, memory: await sampleMemory(), warmFunctions: [...warm].sort() });
  await stage('idle after start (no function warmed)');
  const token = twin.local.tokens.admin;
  const httpCalls = await callEveryHttpRoute(twin, token, warm);
  await stage('after one call to every HTTP route');
  const webSocket = await webSocketRoundTrip(twin, token, warm);
  await stage('after WebSocket connect, ping and disconnect too');
  const stopStarted = performance.now();
  await twin.stop();
  const stopMs = performance.now() - stopStarted;
  return { stages, httpCalls, webSocket, stopMs, neverWarmed: Object.keys(twin.wiring.functions).filter((fn) => !warm.has(fn)) };
}

async function runChild(): Promise<void> {
  const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  const { startTwin } = await import('#infra/local/twin.ts');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-twin-'));
  const logTail: string[] = [];
  let functionLogLines = 0;
  try {
    const started = performance.now();
    const twin = await startTwin({
      stateDir,
      httpPort: 0,
      wsPort: 0,
      issuerPort: 0,
      lambdaPort: 0,
      onLog: (fn, line) => {
        functionLogLines += 1;
        logTail.push(`[${fn}] ${line}`.slice(0, 500));
        if (logTail.length > 20) logTail.shift();
      },
    });
    const startMs = performance.now() - started;
    await send({ type: 'started', startMs });
    const { stopMs, ...measured } = await measureStages(twin);
    await send({
      type: 'result',
      result: {
        startMs: Math.round(startMs),
        stopMs: Math.round(stopMs),
        ...measured,
        functionLogLines,
        logTail,
        gcBeforeSamples: typeof (globalThis as { gc?: unknown }).gc === 'function',
      },
    });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  process.exit();
}

if (process.argv.includes(CHILD_FLAG) && path.resolve(process.argv[1] ?? '') === THIS_FILE) {
  if (!process.send) {
    process.stderr.write('bench/twin-memory.ts --twin-child must be spawned with an IPC channel\n');
    process.exit(2);
  }
  await runChild();
}
