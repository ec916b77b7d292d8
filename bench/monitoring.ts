// Live agent monitoring on the twin (in this process), seed 001's wallboard: N agents (default
// 2,000), each heartbeating every 10 s and changing status about every 30 s (exponential gaps),
// for 60 s, while dashboards watch the `monitoring` channel over WebSocket and the declared
// schedules (the reconciler and the offline sweeper, every minute) run as in the cloud. Two ways
// in, each on its own tenant:
//   - gateway: one gateway per site (a maintainer principal) batches its agents' reports, up to
//     100 per POST /v1/monitoring/status, flushing every second — how a call centre's telephony
//     system would report them;
//   - agents: every agent reports itself with its own key (PUT /v1/agents/{id}/status).
//
// Each mode's load is sized to the twin's measured capacity: a first set of agents is registered
// and probed (closed loops of heartbeats, then of status changes), and the run uses as many
// agents as keep the offered rate under a headroom of the measured mixed capacity — the full
// count when the twin can take it, fewer otherwise (the report says which, and why).
//
// At the end of each mode: the summary must equal a recount of the agents' stored statuses (and
// the bench's own model of the newest report per agent), and the monitoring updates must stay
// within MONITORING_UPDATES_PER_SECOND per tenant — counted where they are published (the
// coalescer's log) and where they arrive (each subscriber's WebSocket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { scheduledEvent } from '#infra/local/scheduler.ts';
import { maxPerSecond } from '#shared/monitoring/coalesce.ts';

export type MonitoringMode = 'gateway' | 'agents';

export interface MonitoringBenchOptions {
  /** Agents wanted per mode (a mode may use fewer if the twin cannot take their load; it says so). */
  agents: number;
  durationSeconds: number;
  heartbeatSeconds: number;
  /** Mean seconds between an agent's status changes. */
  changeSeconds: number;
  groups: number;
  locations: number;
  updatesPerSecond: number;
  /** Dashboards on the monitoring channel: one sees every location, the others one location each. */
  subscribers: number;
  modes: readonly MonitoringMode[];
  /** Reports in flight at most: agents mode (one request each), gateway mode (in open batches and calls). */
  maxInFlight: { agents: number; gateway: number };
  /** A gateway sends its batch every this many ms, or sooner when it holds 100 reports. */
  gatewayFlushMs: number;
  /** Offered load stays under this share of the measured mixed capacity. */
  headroom: number;
  /** Agents registered first and used for the capacity probes. */
  probeAgents: number;
  probeSeconds: number;
  onProgress?: (line: string) => void;
}

export const MONITORING_BENCH_DEFAULTS = {
  agents: 2000,
  durationSeconds: 60,
  heartbeatSeconds: 10,
  changeSeconds: 30,
  groups: 10,
  locations: 5,
  updatesPerSecond: 2,
  subscribers: 3,
  modes: ['gateway', 'agents'],
  maxInFlight: { agents: 48, gateway: 1000 },
  gatewayFlushMs: 1000,
  headroom: 0.6,
  probeAgents: 200,
  probeSeconds: 5,
} as const satisfies Omit<MonitoringBenchOptions, 'onProgress'>;

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ModeResult {
  mode: MonitoringMode;
  tenant: string;
  durationMs: number;
  registration: { agents: number; perSecond: number };
  capacity: {
    heartbeatsPerSecond: number;
    transitionsPerSecond: number;
    /** For the run's mix (heartbeats : changes = 1/heartbeatSeconds : 1/changeSeconds). */
    mixedReportsPerSecond: number;
    heartbeatMs: Latency;
    transitionMs: Latency;
  };
  load: {
    agents: number;
    scaledDown: boolean;
    /** Why the agent count is what it is. */
    sizing: string;
    offeredReportsPerSecond: number;
    sent: number;
    achievedReportsPerSecond: number;
    byOutcome: Record<string, number>;
    failures: Record<string, number>;
    /** Report → its answer (gateway mode: includes waiting for the batch to be sent). */
    heartbeatMs: Latency;
    transitionMs: Latency;
    /** How late reports left against their schedule (the generator or the twin falling behind). */
    scheduleLagMs: Latency;
    transitionsPerSecond: number;
    httpCalls: number;
  };
  convergence: {
    summaryEqualsRecount: boolean;
    recountEqualsModel: boolean;
    agentsCounted: number;
    mismatches: string[];
    /** Set when the summary differed at the end: the same check after one reconciler run. */
    afterReconcile?: boolean;
  };
  updates: {
    limitPerSecond: number;
    /** Monitoring updates the coalescer published for the tenant during the load. */
    published: number;
    publishedMaxPerSecond: number;
    transitions: number;
    subscribers: {
      locations: string[] | null;
      received: number;
      /** Most updates in any second by their `as_of` (when the coalescer published them). */
      maxPerSecond: number;
      /** Most updates in any second by arrival: delivery jitter can bunch two slots' updates. */
      maxPerSecondByArrival: number;
      lastEqualsSummary: boolean;
      latencyMs: Latency;
    }[];
    withinLimit: boolean;
  };
}

export interface MonitoringBenchResult {
  options: Omit<MonitoringBenchOptions, 'onProgress'>;
  twinStartMs: number;
  durationMs: number;
  modes: ModeResult[];
  /** Scheduled reconciler runs during the part, and what they corrected (every tenant). */
  reconcilerRuns: { corrected: number; heldBack: number }[];
  warnOrErrorLines: number;
  logTail: string[];
}

const STATUSES = ['online', 'busy', 'idle', 'error', 'offline'] as const;
type Status = (typeof STATUSES)[number];

const round1 = (n: number) => Math.round(n * 10) / 10;
function latency(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : NaN);
  return { n: sorted.length, p50: round1(at(50)), p99: round1(at(99)), max: round1(sorted.at(-1) ?? NaN) };
}

/** Quiet time before each measured phase, for the asynchronous work of the previous one to drain. */
const SETTLE_MS = 3_000;
const MAX_REPORTS_PER_CALL = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Agent {
  agentId: string;
  apiKey: string;
  group: string;
  location: string;
  status: Status;
  /** The newest report answered with a stored result (by reported_at): the model the recount must match. */
  model: { status: Status; reportedAtMs: number } | null;
}

interface Sent {
  status: number;
  outcome: string;
  ms: number;
}

type Call = (method: string, url: string, credential: string, body?: unknown) => Promise<{ status: number; json: Record<string, any> }>;

/** How reports reach the twin: each agent with its own key, or batched by its site's gateway. */
interface Transport {
  send(agent: Agent, status: Status, reportedAtMs: number): Promise<Sent>;
  calls(): number;
  /** Sends what is waiting now (the probes and the first reports do not wait for the flush timer). */
  flushSoon: boolean;
  close(): void;
}

function bodyOf(agent: Agent, status: Status, reportedAtMs: number) {
  return {
    status,
    group: agent.group,
    location: agent.location,
    activity: status === 'busy' ? 'on a call' : null,
    reported_at: new Date(reportedAtMs).toISOString(),
  };
}

function agentTransport(call: Call): Transport {
  let calls = 0;
  return {
    flushSoon: true,
    calls: () => calls,
    close: () => undefined,
    async send(agent, status, reportedAtMs) {
      const t0 = performance.now();
      calls += 1;
      const res = await call('PUT', `/v1/agents/${agent.agentId}/status`, agent.apiKey, bodyOf(agent, status, reportedAtMs));
      const outcome = typeof res.json.outcome === 'string' ? res.json.outcome : String(res.json.error?.code ?? '');
      return { status: res.status, outcome, ms: performance.now() - t0 };
    },
  };
}

function gatewayTransport(call: Call, credentialOf: (location: string) => string, flushMs: number): Transport {
  type Waiting = { agent: Agent; body: Record<string, unknown>; at: number; resolve: (sent: Sent) => void };
  const batches = new Map<string, Map<string, Waiting>>();
  let calls = 0;
  const transport: Transport = {
    flushSoon: false,
    calls: () => calls,
    close: () => clearInterval(timer),
    send(agent, status, reportedAtMs) {
      return new Promise<Sent>((resolve) => {
        let batch = batches.get(agent.location);
        // One report per agent per call: a second one for the same agent starts the next call.
        if (batch?.has(agent.agentId)) flush(agent.location);
        if (!batches.get(agent.location)) batches.set(agent.location, new Map());
        batch = batches.get(agent.location)!;
        batch.set(agent.agentId, {
          agent,
          body: { agent_id: agent.agentId, ...bodyOf(agent, status, reportedAtMs) },
          at: performance.now(),
          resolve,
        });
        if (batch.size >= MAX_REPORTS_PER_CALL) flush(agent.location);
        else if (transport.flushSoon) queueMicrotask(() => setTimeout(() => flush(agent.location), 20));
      });
    },
  };
  const flush = (location: string) => {
    const batch = batches.get(location);
    if (!batch || batch.size === 0) return;
    batches.delete(location);
    const waiting = [...batch.values()];
    calls += 1;
    void call('POST', '/v1/monitoring/status', credentialOf(location), { reports: waiting.map((w) => w.body) }).then(
      (res) => {
        const now = performance.now();
        waiting.forEach((w, i) => {
          const result = res.json.results?.[i] as { outcome?: string; error?: { code?: string } } | undefined;
          const failed = res.status !== 200 || !result || result.outcome === 'failed';
          w.resolve({
            status: failed ? (res.status === 200 ? 422 : res.status) : 200,
            outcome: result?.outcome ?? String(res.json.error?.code ?? ''),
            ms: now - w.at,
          });
        });
      },
      () => {
        for (const w of waiting) w.resolve({ status: 599, outcome: 'network', ms: performance.now() - w.at });
      },
    );
  };
  const timer = setInterval(() => {
    for (const location of [...batches.keys()]) flush(location);
  }, flushMs);
  return transport;
}

export async function measureMonitoring(options: MonitoringBenchOptions): Promise<MonitoringBenchResult> {
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const modes: ModeResult[] = [];
  const reconcilerRuns: { corrected: number; heldBack: number }[] = [];
  const warnLines: string[] = [];
  const twinStartMs: number[] = [];
  // A twin per mode: the first mode's agents, silent afterwards, would otherwise be swept offline
  // (thousands of transitions) in the middle of the second mode's load.
  for (const mode of options.modes) {
    const stateDir = mkdtempSync(path.join(tmpdir(), `scorecast-bench-monitoring-${mode}-`));
    const published = new Map<string, number[]>();
    const twinStarted = performance.now();
    const twin = await startTwin({
      stateDir,
      settings: {
        // Registering thousands of agents from one maintainer; status reports keep their own limits.
        RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
        MONITORING_UPDATES_PER_SECOND: String(options.updatesPerSecond),
      },
      onLog: (fn, line) => {
        if (line.includes('"Monitoring update published"')) {
          const tenant = /"tenant_id":"([^"]+)"/.exec(line)?.[1] ?? '';
          const at = Number(/"published_at_ms":(\d+)/.exec(line)?.[1]);
          published.set(tenant, [...(published.get(tenant) ?? []), at]);
        } else if (line.includes('"Monitoring aggregates reconciled"')) {
          const entry = JSON.parse(line) as { corrected: number; heldBack: number };
          reconcilerRuns.push({ corrected: entry.corrected, heldBack: entry.heldBack });
        }
        if (line.includes('"level":"WARN"') || line.includes('"level":"ERROR"')) warnLines.push(`[${fn}] ${line.slice(0, 400)}`);
      },
    });
    twinStartMs.push(Math.round(performance.now() - twinStarted));
    try {
      const call: Call = async (method, url, credential, body) => {
        const res = await fetch(`${twin.httpUrl}${url}`, {
          method,
          headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
      };
      modes.push(await runMode(twin, call, mode, options, (tenant) => published.get(tenant) ?? [], progress));
    } finally {
      await twin.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
  return {
    options: { ...options, onProgress: undefined } as MonitoringBenchResult['options'],
    twinStartMs: Math.max(...twinStartMs),
    durationMs: Math.round(performance.now() - started),
    modes,
    reconcilerRuns,
    warnOrErrorLines: warnLines.length,
    logTail: warnLines.slice(-5),
  };
}

/** One mode's tenant, credentials, transport and agents: what every step of runMode works on. */
interface ModeRun {
  twin: Twin;
  call: Call;
  mode: MonitoringMode;
  options: MonitoringBenchOptions;
  tenant: string;
  say: (line: string) => void;
  maintainer: string;
  admin: string;
  groups: string[];
  locations: string[];
  transport: Transport;
  maxInFlight: number;
  agents: Agent[];
}

function openModeRun(twin: Twin, call: Call, mode: MonitoringMode, options: MonitoringBenchOptions, progress: (line: string) => void): ModeRun {
  const tenant = `wallboard-${mode}`;
  const locations = Array.from({ length: options.locations }, (_, i) => `site-${i + 1}`);
  const gateways = new Map(locations.map((l) => [l, twin.issuer.mint({ tenant, roles: ['maintainer'], sub: `gateway-${l}` })]));
  return {
    twin,
    call,
    mode,
    options,
    tenant,
    say: (line) => progress(`monitoring (${mode}): ${line}`),
    maintainer: twin.issuer.mint({ tenant, roles: ['maintainer'], sub: 'bench-maintainer' }),
    admin: twin.issuer.mint({ tenant, roles: ['admin'], sub: 'bench-admin' }),
    groups: Array.from({ length: options.groups }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`),
    locations,
    transport: mode === 'agents' ? agentTransport(call) : gatewayTransport(call, (l) => gateways.get(l)!, options.gatewayFlushMs),
    maxInFlight: options.maxInFlight[mode],
    agents: [],
  };
}

/** Runs jobs with at most `width` in flight. */
async function pool<T>(items: readonly T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await job(items[next++]!);
    }),
  );
}

/** Registers `count` more agents (spread over groups and locations); returns the seconds it took. */
async function registerAgents(m: ModeRun, count: number): Promise<number> {
  const from = m.agents.length;
  const t0 = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => from + i),
    16,
    async (i) => {
      const res = await m.call('POST', '/v1/agents', m.maintainer, { name: `desk-${i}` });
      if (res.status !== 201) throw new Error(`registering an agent answered ${res.status}: ${JSON.stringify(res.json)}`);
      m.agents[i] = {
        agentId: String(res.json.agent_id),
        apiKey: String(res.json.api_key),
        group: m.groups[i % m.groups.length]!,
        location: m.locations[Math.floor(i / m.groups.length) % m.locations.length]!,
        status: 'online',
        model: null,
      };
    },
  );
  return (performance.now() - t0) / 1000;
}

/** Sends one report; a stored one newer than the agent's model becomes its model. */
async function sendReport(m: ModeRun, agent: Agent, status: Status, reportedAtMs: number): Promise<Sent> {
  const sent = await m.transport.send(agent, status, reportedAtMs);
  if (sent.status === 200 && (!agent.model || reportedAtMs > agent.model.reportedAtMs)) agent.model = { status, reportedAtMs };
  return sent;
}

async function bringOnline(m: ModeRun, subset: Agent[]): Promise<void> {
  m.transport.flushSoon = true;
  await pool(subset, m.maxInFlight, async (agent) => {
    const result = await sendReport(m, agent, agent.status, Date.now());
    if (result.status !== 200) throw new Error(`first report answered ${result.status} ${result.outcome}`);
  });
  m.transport.flushSoon = false;
}

/** A closed loop of heartbeats or status changes for probeSeconds: answered reports per second and their latency. */
async function probe(m: ModeRun, kind: 'heartbeat' | 'transition'): Promise<{ perSecond: number; ms: Latency }> {
  const { agents } = m;
  m.transport.flushSoon = true;
  const deadline = performance.now() + m.options.probeSeconds * 1000;
  const times: number[] = [];
  let done = 0;
  let cursor = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(m.maxInFlight, agents.length) }, async () => {
      while (performance.now() < deadline) {
        const agent = agents[cursor++ % agents.length]!;
        const status = kind === 'heartbeat' ? agent.status : (agent.status = agent.status === 'busy' ? 'online' : 'busy');
        const result = await sendReport(m, agent, status, Date.now());
        if (result.status === 200) {
          done += 1;
          times.push(result.ms);
        }
      }
    }),
  );
  m.transport.flushSoon = false;
  return { perSecond: done / ((performance.now() - t0) / 1000), ms: latency(times) };
}

/** The capacity probes, and the agent count the run can take (the full count, or fewer and why). */
async function measureCapacity(m: ModeRun) {
  const { options } = m;
  // Each probe starts on a quiet twin: the work transitions leave behind (fan-out, webhooks, updates) drains first.
  await pause(SETTLE_MS);
  m.say(`capacity probe, heartbeats for ${options.probeSeconds} s…`);
  const heartbeats = await probe(m, 'heartbeat');
  await pause(SETTLE_MS);
  m.say(`capacity probe, status changes for ${options.probeSeconds} s…`);
  const transitions = await probe(m, 'transition');
  await pause(SETTLE_MS);
  const perAgent = 1 / options.heartbeatSeconds + 1 / options.changeSeconds;
  const changeShare = 1 / options.changeSeconds / perAgent;
  const mixed = 1 / ((1 - changeShare) / heartbeats.perSecond + changeShare / transitions.perSecond);
  const affordable = Math.floor((options.headroom * mixed) / perAgent);
  const runAgents = Math.min(options.agents, Math.max(m.agents.length, affordable));
  const scaledDown = runAgents < options.agents;
  const sizing = scaledDown
    ? `scaled down: ${options.agents} agents offer ${round1(options.agents * perAgent)} reports/s, more than ${options.headroom * 100}% of the ` +
      `measured mixed capacity (${round1(mixed)}/s); ${runAgents} agents offer ${round1(runAgents * perAgent)}/s`
    : `${options.agents} agents offer ${round1(options.agents * perAgent)} reports/s: ${Math.round(((options.agents * perAgent) / mixed) * 100)}% of the measured mixed capacity (${round1(mixed)}/s)`;
  m.say(`capacity ${round1(heartbeats.perSecond)} heartbeats/s, ${round1(transitions.perSecond)} changes/s → ${sizing}`);
  return { heartbeats, transitions, perAgent, mixed, runAgents, scaledDown, sizing };
}

type Due = { at: number; agent: Agent; change: boolean };

/** Each agent's heartbeats (random phase) and status changes (exponential gaps) between startMs and endMs, in time order. */
function loadSchedule(live: readonly Agent[], options: MonitoringBenchOptions, startMs: number, endMs: number): Due[] {
  const schedule: Due[] = [];
  for (const agent of live) {
    for (let t = startMs + Math.random() * options.heartbeatSeconds * 1000; t < endMs; t += options.heartbeatSeconds * 1000)
      schedule.push({ at: t, agent, change: false });
    const untilChange = () => -Math.log(1 - Math.random()) * options.changeSeconds * 1000; // exponential gaps: a Poisson process
    for (let t = startMs + untilChange(); t < endMs; t += untilChange()) schedule.push({ at: t, agent, change: true });
  }
  return schedule.sort((a, b) => a.at - b.at);
}

interface LoadTally {
  byOutcome: Record<string, number>;
  failures: Record<string, number>;
  heartbeatMs: number[];
  transitionMs: number[];
  lags: number[];
  sent: number;
  transitionCount: number;
}

/** Sends the schedule as it falls due, at most maxInFlight at once, until every report is answered. */
async function sendSchedule(m: ModeRun, schedule: readonly Due[], startMs: number): Promise<LoadTally> {
  const tally: LoadTally = { byOutcome: {}, failures: {}, heartbeatMs: [], transitionMs: [], lags: [], sent: 0, transitionCount: 0 };
  let cursor = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = Date.now();
      while (cursor < schedule.length && schedule[cursor]!.at <= now && inFlight < m.maxInFlight) {
        const due = schedule[cursor++]!;
        const status = due.change ? (due.agent.status = pickOther(due.agent.status)) : due.agent.status;
        inFlight += 1;
        tally.sent += 1;
        tally.lags.push(now - due.at);
        // reported_at is when the report was due: a report that leaves late still orders correctly.
        void sendReport(m, due.agent, status, Math.floor(due.at)).then((result) => {
          inFlight -= 1;
          if (result.status === 200) {
            tally.byOutcome[result.outcome] = (tally.byOutcome[result.outcome] ?? 0) + 1;
            if (result.outcome === 'changed') tally.transitionCount += 1;
            (due.change ? tally.transitionMs : tally.heartbeatMs).push(result.ms);
          } else tally.failures[`${result.status} ${result.outcome}`] = (tally.failures[`${result.status} ${result.outcome}`] ?? 0) + 1;
        });
      }
      if (cursor >= schedule.length && inFlight === 0) return resolve();
      setTimeout(tick, 5);
    };
    setTimeout(tick, Math.max(0, startMs - Date.now()));
  });
  return tally;
}

/** Summary vs recount of the stored statuses vs the bench's own model of the newest report per agent. */
async function checkConvergence(m: ModeRun, live: readonly Agent[]) {
  const mismatches: string[] = [];
  const stored = await storedStatuses(m.twin, m.tenant);
  const recount = countBy(stored, 'status');
  const model = countBy(
    live.filter((a) => a.model).map((a) => ({ status: a.model!.status, group: a.group, location: a.location })),
    'status',
  );
  let summaryEqualsRecount = true;
  for (const groupBy of ['group', 'location', 'status'] as const) {
    const res = await m.call('GET', `/v1/monitoring/summary?group_by=${groupBy}`, m.admin);
    const items = (res.json.items as { key: string; counts: Record<Status, number> }[]).filter((i) => Object.values(i.counts).some((n) => n > 0));
    const want = countBy(stored, groupBy);
    const got = Object.fromEntries(items.map((i) => [i.key, i.counts]));
    for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
      if (JSON.stringify(want[key] ?? null) !== JSON.stringify(got[key] ?? null)) {
        summaryEqualsRecount = false;
        mismatches.push(`${groupBy}=${key}: summary ${JSON.stringify(got[key] ?? null)}, recount ${JSON.stringify(want[key] ?? null)}`);
      }
    }
  }
  const recountEqualsModel = JSON.stringify(sortKeys(recount)) === JSON.stringify(sortKeys(model));
  if (!recountEqualsModel) mismatches.push(`recount ${JSON.stringify(recount)} vs the bench's model ${JSON.stringify(model)}`);
  return { summaryEqualsRecount, recountEqualsModel, agentsCounted: stored.length, mismatches };
}

/** The convergence check; when the summary differs, once more after one reconciler run. */
async function convergenceOf(m: ModeRun, live: readonly Agent[]): Promise<ModeResult['convergence']> {
  const convergence: ModeResult['convergence'] = await checkConvergence(m, live);
  if (!convergence.summaryEqualsRecount) {
    await m.twin.invoke('monitoringReconcile', scheduledEvent(m.twin.wiring, 'monitoringReconcile'));
    convergence.afterReconcile = (await checkConvergence(m, live)).summaryEqualsRecount;
  }
  return convergence;
}

/** What each dashboard received since startMs: per second (by as_of and by arrival), the last against the summary, latency. */
async function dashboardUpdates(m: ModeRun, dashboards: readonly Dashboard[], startMs: number): Promise<ModeResult['updates']['subscribers']> {
  const byLocationSummary = await m.call('GET', '/v1/monitoring/summary?group_by=location', m.admin);
  const byLocation = Object.fromEntries(
    (byLocationSummary.json.items as { key: string; counts: Record<Status, number> }[]).map((i) => [i.key, i.counts]),
  );
  return dashboards.map((dashboard) => {
    const updates = dashboard.updates.filter((u) => u.receivedAt >= startMs);
    const last = dashboard.updates.at(-1);
    const expected =
      dashboard.locations === null ? byLocation : Object.fromEntries(dashboard.locations.map((l) => [l, byLocation[l]]).filter(([, c]) => c));
    return {
      locations: dashboard.locations,
      received: updates.length,
      maxPerSecond: maxPerSecond(updates.map((u) => Date.parse(u.asOf))),
      maxPerSecondByArrival: maxPerSecond(updates.map((u) => u.receivedAt)),
      lastEqualsSummary: last !== undefined && JSON.stringify(sortKeys(locationTotals(last.data))) === JSON.stringify(sortKeys(expected)),
      latencyMs: latency(updates.map((u) => u.receivedAt - Date.parse(u.asOf))),
    };
  });
}

/** Probe agents registered and online, the capacity probes and sizing, then the rest of the agents online. */
async function prepareAgents(m: ModeRun) {
  const { options, agents } = m;
  m.say(`registering ${options.probeAgents} probe agents…`);
  let registrationSeconds = await registerAgents(m, Math.min(options.probeAgents, options.agents));
  await bringOnline(m, agents);
  const capacity = await measureCapacity(m);
  if (capacity.runAgents > agents.length) {
    m.say(`registering ${capacity.runAgents - agents.length} more agents…`);
    const before = agents.length;
    registrationSeconds += await registerAgents(m, capacity.runAgents - before);
    await bringOnline(m, agents.slice(before));
  }
  const registeredPerSecond = round1(agents.length / registrationSeconds);
  await pause(SETTLE_MS);
  return { capacity, registeredPerSecond };
}

/** The load for durationSeconds; then quiet, for the trailing monitoring update and its fan-out. */
async function runLoad(m: ModeRun, live: readonly Agent[]) {
  const { options } = m;
  m.say(`${live.length} agents for ${options.durationSeconds} s…`);
  const callsBefore = m.transport.calls();
  const startMs = Date.now() + 500;
  const endMs = startMs + options.durationSeconds * 1000;
  const tally = await sendSchedule(m, loadSchedule(live, options, startMs, endMs), startMs);
  const loadSeconds = (Date.now() - startMs) / 1000;
  const httpCalls = m.transport.calls() - callsBefore;
  m.transport.close();
  // The trailing monitoring update goes out within one slot; give it and its fan-out time.
  await pause(Math.max(1500, 2 * (1000 / options.updatesPerSecond)) + 1000);
  return { tally, startMs, endMs, loadSeconds, httpCalls };
}

async function runMode(
  twin: Twin,
  call: Call,
  mode: MonitoringMode,
  options: MonitoringBenchOptions,
  publishedOf: (tenant: string) => number[],
  progress: (line: string) => void,
): Promise<ModeResult> {
  const started = performance.now();
  const m = openModeRun(twin, call, mode, options, progress);
  // 1–2. Probe agents, the capacity probes, then the rest of the agents, online.
  const { capacity, registeredPerSecond } = await prepareAgents(m);
  const { heartbeats, transitions, perAgent, runAgents } = capacity;
  const live = m.agents.slice(0, runAgents);
  // 3. Dashboards on the monitoring channel.
  const dashboards = await Promise.all(
    Array.from({ length: options.subscribers }, (_, i) =>
      openDashboard(twin, m.tenant, i === 0 ? null : [m.locations[(i - 1) % m.locations.length]!]),
    ),
  );
  // 4–5. The load, then quiet.
  const { tally, startMs, endMs, loadSeconds, httpCalls } = await runLoad(m, live);
  // 6. Convergence: summary vs recount vs the bench's own model.
  const convergence = await convergenceOf(m, live);
  // 7. Updates: published (coalescer) and received (dashboards), per second.
  const subscribers = await dashboardUpdates(m, dashboards, startMs);
  for (const dashboard of dashboards) dashboard.close();
  const publishedDuringLoad = publishedOf(m.tenant).filter((at) => at >= startMs && at <= endMs + 5_000);
  const publishedMaxPerSecond = maxPerSecond(publishedDuringLoad);
  return {
    mode,
    tenant: m.tenant,
    durationMs: Math.round(performance.now() - started),
    registration: { agents: m.agents.length, perSecond: registeredPerSecond },
    capacity: {
      heartbeatsPerSecond: round1(heartbeats.perSecond),
      transitionsPerSecond: round1(transitions.perSecond),
      mixedReportsPerSecond: round1(capacity.mixed),
      heartbeatMs: heartbeats.ms,
      transitionMs: transitions.ms,
    },
    load: {
      agents: runAgents,
      scaledDown: capacity.scaledDown,
      sizing: capacity.sizing,
      offeredReportsPerSecond: round1(runAgents * perAgent),
      sent: tally.sent,
      achievedReportsPerSecond: round1(tally.sent / loadSeconds),
      byOutcome: tally.byOutcome,
      failures: tally.failures,
      heartbeatMs: latency(tally.heartbeatMs),
      transitionMs: latency(tally.transitionMs),
      scheduleLagMs: latency(tally.lags),
      transitionsPerSecond: round1(tally.transitionCount / loadSeconds),
      httpCalls,
    },
    convergence,
    updates: {
      limitPerSecond: options.updatesPerSecond,
      published: publishedDuringLoad.length,
      publishedMaxPerSecond,
      transitions: tally.transitionCount,
      subscribers,
      withinLimit: publishedMaxPerSecond <= options.updatesPerSecond && subscribers.every((sub) => sub.maxPerSecond <= options.updatesPerSecond),
    },
  };
}

const pickOther = (status: Status): Status => {
  const others = STATUSES.filter((s) => s !== status && s !== 'offline');
  return others[Math.floor(Math.random() * others.length)]!;
};

function sortKeys<T>(value: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function countBy(states: { status: string; group: string; location: string }[], key: 'group' | 'location' | 'status') {
  const out: Record<string, Record<Status, number>> = {};
  for (const state of states) {
    const k = state[key];
    out[k] ??= { online: 0, busy: 0, idle: 0, error: 0, offline: 0 };
    out[k][state.status as Status] += 1;
  }
  return out;
}

/** Counts per location of a monitoring update's data (by_location → group → counts). */
function locationTotals(data: { by_location?: Record<string, Record<string, Record<Status, number>>> }) {
  const out: Record<string, Record<Status, number>> = {};
  for (const [location, groups] of Object.entries(data.by_location ?? {})) {
    const counts = (out[location] = { online: 0, busy: 0, idle: 0, error: 0, offline: 0 });
    for (const groupCounts of Object.values(groups)) for (const status of STATUSES) counts[status] += groupCounts[status] ?? 0;
  }
  return out;
}

async function storedStatuses(twin: Twin, tenant: string) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const items: { status: string; group: string; location: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: twin.engines.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenant}#AGENTSTATUS` },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) items.push({ status: item.status, group: item.group, location: item.location });
    start = page.LastEvaluatedKey;
  } while (start);
  db.destroy();
  return items;
}

interface Dashboard {
  locations: string[] | null;
  updates: { receivedAt: number; asOf: string; data: { by_location?: Record<string, Record<string, Record<Status, number>>> } }[];
  close(): void;
}

async function openDashboard(twin: Twin, tenant: string, locations: string[] | null): Promise<Dashboard> {
  const credential = twin.issuer.mint({
    tenant,
    roles: ['viewer'],
    sub: `wallboard-${locations?.join('-') ?? 'hq'}`,
    ...(locations ? { locations } : {}),
  });
  const socket = new WebSocket(`${twin.wsUrl}?token=${encodeURIComponent(credential)}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const dashboard: Dashboard = { locations, updates: [], close: () => socket.close() };
  const subscribed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the monitoring channel did not answer the subscribe within 10 s')), 10_000);
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; channel?: string; id?: string; data?: Record<string, unknown>; code?: string };
      if (message.id === 'monitor' && message.type === 'error') reject(new Error(`subscribe refused: ${message.code}`));
      if (message.type === 'snapshot' && message.channel === 'monitoring') {
        clearTimeout(timer);
        resolve();
      }
      if (message.type === 'update' && message.channel === 'monitoring')
        dashboard.updates.push({
          receivedAt: Date.now(),
          asOf: String(message.data?.as_of),
          data: message.data as Dashboard['updates'][number]['data'],
        });
    });
  });
  socket.send(JSON.stringify({ action: 'subscribe', channel: 'monitoring', id: 'monitor' }));
  await subscribed;
  return dashboard;
}

const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};
const ms = (l: Latency) => [String(l.p50), String(l.p99), String(l.max), String(l.n)];

function formatMode(result: ModeResult, options: MonitoringBenchResult['options']): string {
  const { capacity, load, convergence, updates } = result;
  const via =
    result.mode === 'gateway'
      ? `one gateway per site batching up to 100 reports per POST /v1/monitoring/status, every ${options.gatewayFlushMs} ms`
      : 'each agent with its own key, PUT /v1/agents/{id}/status';
  return [
    `${result.mode}: ${load.agents} agents${load.scaledDown ? ` (of ${options.agents} wanted)` : ''} — ${via} (tenant ${result.tenant}; ${(result.durationMs / 1000).toFixed(0)} s)`,
    `  ${result.registration.agents} agents registered at ${result.registration.perSecond}/s; ` +
      `capacity (closed loops, ${options.maxInFlight[result.mode]} reports in flight, ${options.probeSeconds} s each): ${capacity.heartbeatsPerSecond} heartbeats/s, ` +
      `${capacity.transitionsPerSecond} status changes/s → ${capacity.mixedReportsPerSecond} reports/s for this mix`,
    `  sizing: ${load.sizing}`,
    `  load: ${load.sent} reports in ${load.httpCalls} HTTP calls, ${load.achievedReportsPerSecond}/s achieved (${load.offeredReportsPerSecond}/s offered); ` +
      `outcomes ${JSON.stringify(load.byOutcome)}; failures ${JSON.stringify(load.failures)}; ${load.transitionsPerSecond} transitions/s`,
    '',
    table(
      ['latency (ms)', 'p50', 'p99', 'max', 'n'],
      [
        ['probe: heartbeat → answer', ...ms(capacity.heartbeatMs)],
        ['probe: status change → answer', ...ms(capacity.transitionMs)],
        ['load: heartbeat → answer', ...ms(load.heartbeatMs)],
        ['load: status change → answer', ...ms(load.transitionMs)],
        ['load: left late vs schedule', ...ms(load.scheduleLagMs)],
        ...updates.subscribers.map((s) => [`update as_of → dashboard (${s.locations?.join(',') ?? 'all'})`, ...ms(s.latencyMs)]),
      ],
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    '',
    `  convergence: summary ${convergence.summaryEqualsRecount ? 'EQUALS' : 'DIFFERS FROM'} the recount of ${convergence.agentsCounted} agents' statuses; ` +
      `recount ${convergence.recountEqualsModel ? 'equals' : 'DIFFERS FROM'} the bench's model (newest report per agent)` +
      (convergence.afterReconcile === undefined ? '' : `; after one reconciler run: ${convergence.afterReconcile ? 'equal' : 'STILL DIFFERENT'}`),
    ...convergence.mismatches.slice(0, 10).map((m) => `    ${m}`),
    `  monitoring updates: ${updates.published} published during the load (${updates.transitions} transitions), ` +
      `at most ${updates.publishedMaxPerSecond} in any second (limit ${updates.limitPerSecond}); published and per dashboard: ${updates.withinLimit ? 'WITHIN' : 'OVER'} the limit`,
    ...updates.subscribers.map(
      (s) =>
        `    dashboard ${s.locations?.join(',') ?? '(all locations)'}: ${s.received} updates, at most ${s.maxPerSecond} in any second by as_of ` +
        `(${s.maxPerSecondByArrival} by arrival); last update ${s.lastEqualsSummary ? 'equals' : 'DIFFERS FROM'} the summary for its locations`,
    ),
  ].join('\n');
}

export function formatMonitoring(result: MonitoringBenchResult): string {
  const { options } = result;
  const out = [
    `Live agent monitoring on the twin (in this process): heartbeat every ${options.heartbeatSeconds} s, status change every ~${options.changeSeconds} s, ` +
      `for ${options.durationSeconds} s; ${options.groups} groups × ${options.locations} sites; MONITORING_UPDATES_PER_SECOND ${options.updatesPerSecond}; ` +
      `sized to ${options.headroom * 100}% of each mode's measured capacity`,
    `  twin start (slowest of the modes' twins) ${(result.twinStartMs / 1000).toFixed(1)} s; part took ${(result.durationMs / 1000).toFixed(1)} s; ` +
      `scheduled reconciler runs: ${result.reconcilerRuns.map((r) => `corrected ${r.corrected}, held back ${r.heldBack}`).join('; ') || 'none'}`,
    ...result.modes.map((mode) => `\n${formatMode(mode, options)}`),
    '',
    `  WARN/ERROR function log lines: ${result.warnOrErrorLines}`,
  ];
  if (result.logTail.length) out.push('  last WARN/ERROR lines:', ...result.logTail.map((l) => `    ${l}`));
  return out.join('\n');
}
