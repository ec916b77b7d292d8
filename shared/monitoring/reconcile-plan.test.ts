import { describe, expect, it } from 'vitest';
import { recount, zeroCounts, type Cell, type StatusCounts } from './counts.ts';
import { planReconciliation, type StoredCell } from './reconcile-plan.ts';
import { AGENT_STATUSES, cellDeltas, placementKey, sameState, type LiveState, type PendingDelta, type StoredStatus } from './status.ts';

const state = (status: LiveState['status'], group = 'g', location = 'l'): LiveState => ({ status, group, location });
const storedCell = (counts: Partial<StatusCounts>, version = 1, group = 'g', location = 'l'): StoredCell => ({
  group,
  location,
  counts: { ...zeroCounts(), ...counts },
  version,
});
const agent = (agentId: string, live: LiveState, pending: PendingDelta[] = []): StoredStatus => ({
  tenantId: 't',
  agentId,
  ...live,
  activity: null,
  reportedAtMs: 1,
  lastSeenMs: 1,
  changedAtMs: 1,
  transitions: 1,
  pending,
  retiredAtMs: null,
});

describe('planReconciliation', () => {
  it('writes nothing when the aggregates equal the recount', () => {
    const plan = planReconciliation([storedCell({ online: 2 })], [agent('a', state('online')), agent('b', state('online'))], 1_000);
    expect(plan).toEqual({ writes: [], busy: [], expired: [], drifted: 0 });
  });

  it('overwrites an item that drifted (a writer died after its status write) on the version it read', () => {
    const plan = planReconciliation([storedCell({ online: 2 }, 7)], [agent('a', state('online')), agent('b', state('busy'))], 1_000);
    expect(plan.writes).toEqual([{ group: 'g', location: 'l', counts: { ...zeroCounts(), online: 1, busy: 1 }, expectedVersion: 7 }]);
    expect(plan.drifted).toBe(1);
  });

  it('creates an item the deltas never made, only if it still does not exist, and zeroes one nobody is counted in (never deletes it)', () => {
    const plan = planReconciliation([storedCell({ online: 1 }, 3, 'old', 'l')], [agent('a', state('idle', 'new'))], 1_000);
    expect(plan.writes).toEqual([
      { group: 'old', location: 'l', counts: zeroCounts(), expectedVersion: 3 },
      { group: 'new', location: 'l', counts: { ...zeroCounts(), idle: 1 }, expectedVersion: null },
    ]);
    expect(planReconciliation([storedCell({}, 4)], [], 1_000).writes).toEqual([]);
  });

  it('leaves alone every item an in-flight delta still touches, from and to', () => {
    const pending: PendingDelta = { tx: 'x', from: state('online', 'g'), to: state('busy', 'h'), untilMs: 2_000 };
    const plan = planReconciliation(
      [storedCell({ online: 1 }, 1, 'g'), storedCell({ idle: 5 }, 1, 'other')],
      [agent('a', state('busy', 'h'), [pending])],
      1_000,
    );
    expect(plan.busy).toEqual([
      { group: 'g', location: 'l' },
      { group: 'h', location: 'l' },
    ]);
    expect(plan.writes.map((w) => w.group)).toEqual(['other']);
    expect(plan.drifted).toBe(3);
  });

  it('once a pending delta’s window ends, recounts its items and clears it', () => {
    const pending: PendingDelta = { tx: 'x', from: state('online'), to: state('busy'), untilMs: 2_000 };
    const plan = planReconciliation([storedCell({ online: 1 })], [agent('a', state('busy'), [pending])], 2_000);
    expect(plan.busy).toEqual([]);
    expect(plan.expired).toEqual([{ agentId: 'a', tx: 'x' }]);
    expect(plan.writes).toEqual([{ group: 'g', location: 'l', counts: { ...zeroCounts(), busy: 1 }, expectedVersion: 1 }]);
  });

  it('counts a revoked agent’s tombstone nowhere, and holds back where it was while its retirement delta may land', () => {
    const retirement: PendingDelta = { tx: 'r', from: state('busy'), to: null, untilMs: 2_000 };
    const tombstone = { ...agent('a', state('busy'), [retirement]), retiredAtMs: 900 };
    const inFlight = planReconciliation([storedCell({ busy: 2 })], [tombstone, agent('b', state('busy'))], 1_000);
    expect(inFlight.busy).toEqual([{ group: 'g', location: 'l' }]);
    expect(inFlight.writes).toEqual([]);

    const afterWindow = planReconciliation([storedCell({ busy: 2 })], [{ ...tombstone, pending: [] }, agent('b', state('busy'))], 3_000);
    expect(afterWindow.writes).toEqual([{ group: 'g', location: 'l', counts: { ...zeroCounts(), busy: 1 }, expectedVersion: 1 }]);
  });
});

// ---------------------------------------------------------------------------------------------
// The argument in reconcile.ts, checked by brute force: writers and reconcilers interleaved step
// by step in every order a seeded scheduler picks, on a model of the table's single-item
// conditional writes. Whatever the order, a reconciler never makes the aggregates wrong; dead
// writers' drift is gone after one quiet reconciler run past their pending window.
// ---------------------------------------------------------------------------------------------

function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

interface Model {
  clock: number;
  statuses: Map<string, StoredStatus>;
  cells: Map<string, StoredCell>;
}

/** Writers give up on a delta BUDGET_MS after their status write; its pending mark expires WINDOW_MS after it. */
interface Timing {
  budgetMs: number;
  windowMs: number;
}
const WITH_CRASHES: Timing = { budgetMs: 40, windowMs: 100 };
/** No writer dies or gives up: every pending delta lands, however late the scheduler runs it. */
const NO_CRASHES: Timing = { budgetMs: Infinity, windowMs: Infinity };

type Step = () => 'more' | 'done';

let txCount = 0;

/** A writer: status write (with its pending delta), then each item's delta, then the pending mark removed. */
function writer(model: Model, agentId: string, to: LiveState, crashAfter: number | null, timing: Timing): Step {
  let stage = 0;
  let delta: PendingDelta | undefined;
  let deltas: ReturnType<typeof cellDeltas> = [];
  let writtenAt = 0;
  return () => {
    if (crashAfter !== null && stage > crashAfter) return 'done';
    if (stage === 0) {
      const stored = model.statuses.get(agentId);
      if (stored && sameState(stored, to)) return 'done'; // a heartbeat: nothing for the aggregates
      writtenAt = model.clock;
      delta = {
        tx: `tx-${(txCount += 1)}`,
        from: stored ? { status: stored.status, group: stored.group, location: stored.location } : null,
        to,
        untilMs: model.clock + timing.windowMs,
      };
      const pending = [...(stored?.pending ?? []), delta];
      model.statuses.set(agentId, { ...agent(agentId, to, pending), transitions: (stored?.transitions ?? 0) + 1 });
      deltas = cellDeltas(delta.from, to);
      stage = 1;
      return 'more';
    }
    if (stage <= deltas.length) {
      if (model.clock - writtenAt > timing.budgetMs) return 'done'; // given up: the reconciler's now
      const { placement, by } = deltas[stage - 1]!;
      const key = placementKey(placement);
      const cell = model.cells.get(key) ?? { ...placement, counts: zeroCounts(), version: 0 };
      const counts = { ...cell.counts };
      for (const [status, n] of Object.entries(by)) counts[status as keyof StatusCounts] += n!;
      model.cells.set(key, { ...cell, counts, version: cell.version + 1 });
      stage += 1;
      return 'more';
    }
    const stored = model.statuses.get(agentId)!;
    model.statuses.set(agentId, { ...stored, pending: stored.pending.filter((p) => p.tx !== delta!.tx) });
    return 'done';
  };
}

/** A reconciler: read the items, then the statuses, then each conditional overwrite as its own step. */
function reconciler(model: Model): Step {
  let stage = 0;
  let cells: StoredCell[] = [];
  let writes: ReturnType<typeof planReconciliation>['writes'] = [];
  let expired: ReturnType<typeof planReconciliation>['expired'] = [];
  return () => {
    if (stage === 0) {
      cells = [...model.cells.values()].map((c) => ({ ...c, counts: { ...c.counts } }));
      stage = 1;
      return 'more';
    }
    if (stage === 1) {
      const statuses = [...model.statuses.values()].map((s) => ({ ...s, pending: [...s.pending] }));
      ({ writes, expired } = planReconciliation(cells, statuses, model.clock));
      stage = 2;
      return 'more';
    }
    const write = writes.shift();
    if (write) {
      const key = placementKey(write);
      const current = model.cells.get(key);
      const holds = write.expectedVersion === null ? !current : current?.version === write.expectedVersion;
      if (holds)
        model.cells.set(key, { group: write.group, location: write.location, counts: write.counts, version: (write.expectedVersion ?? 0) + 1 });
      return 'more';
    }
    for (const { agentId, tx } of expired) {
      const stored = model.statuses.get(agentId);
      if (stored) model.statuses.set(agentId, { ...stored, pending: stored.pending.filter((p) => p.tx !== tx) });
    }
    return 'done';
  };
}

function runAll(model: Model, steps: Step[], next: () => number) {
  const live = [...steps];
  while (live.length > 0) {
    const i = Math.floor(next() * live.length);
    model.clock += Math.floor(next() * 3);
    if (live[i]!() === 'done') live.splice(i, 1);
  }
}

const countsOf = (cells: Iterable<Cell>) =>
  Object.fromEntries([...cells].filter((c) => AGENT_STATUSES.some((s) => c.counts[s] !== 0)).map((c) => [placementKey(c), c.counts]));

describe('reconciling while writers write (model check)', () => {
  const groups = ['support', 'sales'];
  const locations = ['paris', 'lyon'];

  for (const crashes of [false, true]) {
    it(
      crashes
        ? 'with writers dying mid-way: one quiet run after their pending window makes the aggregates exactly the recount'
        : 'a reconciler never makes the aggregates wrong, whatever it interleaves with',
      () => {
        for (let seed = 1; seed <= 300; seed++) {
          const next = random(seed);
          const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
          const model: Model = { clock: 0, statuses: new Map(), cells: new Map() };
          for (let round = 0; round < 4; round++) {
            const steps: Step[] = [];
            for (let w = 0; w < 12; w++) {
              const to = state(pick(AGENT_STATUSES), pick(groups), pick(locations));
              const crashAfter = crashes && next() < 0.3 ? Math.floor(next() * 3) : null;
              steps.push(writer(model, `agent-${Math.floor(next() * 6)}`, to, crashAfter, crashes ? WITH_CRASHES : NO_CRASHES));
            }
            steps.push(reconciler(model), reconciler(model));
            runAll(model, steps, next);
          }
          if (!crashes) {
            expect(countsOf(model.cells.values()), `seed ${seed}`).toEqual(countsOf(recount(model.statuses.values()).values()));
          } else {
            model.clock += WITH_CRASHES.windowMs + 1;
            const quiet = reconciler(model);
            while (quiet() === 'more');
            expect(countsOf(model.cells.values()), `seed ${seed}`).toEqual(countsOf(recount(model.statuses.values()).values()));
            for (const status of model.statuses.values()) expect(status.pending, `seed ${seed}`).toEqual([]);
          }
        }
      },
    );
  }

  it('without the pending marks the same schedules do go wrong (the marks are what makes it sound)', () => {
    let wrong = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
      const model: Model = { clock: 0, statuses: new Map(), cells: new Map() };
      const blind: Step = (() => {
        const inner = reconciler(model);
        return () => {
          // The reconciler is shown the statuses without their pending deltas.
          for (const [id, s] of model.statuses)
            if (s.pending.length) model.statuses.set(id, { ...s, pending: s.pending.map((p) => ({ ...p, untilMs: -1 })) });
          return inner();
        };
      })();
      const steps: Step[] = [];
      for (let w = 0; w < 12; w++)
        steps.push(writer(model, `agent-${Math.floor(next() * 6)}`, state(pick(AGENT_STATUSES), pick(groups), pick(locations)), null, NO_CRASHES));
      steps.push(blind);
      runAll(model, steps, next);
      if (JSON.stringify(countsOf(model.cells.values())) !== JSON.stringify(countsOf(recount(model.statuses.values()).values()))) wrong += 1;
    }
    expect(wrong).toBeGreaterThan(0);
  });
});
