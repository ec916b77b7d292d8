// Aggregates: counts per group × location × status, what a recount of the agents' states gives,
// and the views built from them (the summary route, the monitoring channel). Plain TypeScript.
import { jsonBytes } from '#shared/realtime/split.ts';
import { AGENT_STATUSES, placementKey, type LiveState, type LiveStatus, type Placement } from './status.ts';

export type StatusCounts = Record<LiveStatus, number>;

/** One aggregate item: the agents of one group in one location, counted per status. */
export interface Cell extends Placement {
  counts: StatusCounts;
}

export const zeroCounts = (): StatusCounts => ({ online: 0, busy: 0, idle: 0, error: 0, offline: 0 });

export const totalOf = (counts: StatusCounts) => AGENT_STATUSES.reduce((sum, status) => sum + counts[status], 0);

export const sameCounts = (a: StatusCounts, b: StatusCounts) => AGENT_STATUSES.every((status) => a[status] === b[status]);

/** The truth the aggregates converge to: every agent's current state, counted. Keyed by placementKey. */
export function recount(states: Iterable<LiveState>): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const state of states) {
    const key = placementKey(state);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { group: state.group, location: state.location, counts: zeroCounts() }));
    cell.counts[state.status] += 1;
  }
  return cells;
}

/** What a transition does to the counts: one less where the agent was, one more where it is. */
export function applyTransition(cells: Map<string, Cell>, from: LiveState | null, to: LiveState): void {
  const bump = (state: LiveState, by: number) => {
    const key = placementKey(state);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { group: state.group, location: state.location, counts: zeroCounts() }));
    cell.counts[state.status] += by;
  };
  if (from) bump(from, -1);
  bump(to, 1);
}

/** The cells a principal may see: every location (null), or only its own. */
export const visibleCells = <C extends Placement>(cells: Iterable<C>, locations: readonly string[] | null): C[] => {
  const all = [...cells];
  if (locations === null) return all;
  const visible = new Set(locations);
  return all.filter((cell) => visible.has(cell.location));
};

/** Counts never show below zero: a transient shortfall (a writer that died mid-way) is the reconciler's to fix. */
const shown = (counts: StatusCounts): StatusCounts => {
  const out = zeroCounts();
  for (const status of AGENT_STATUSES) out[status] = Math.max(0, counts[status]);
  return out;
};

export const GROUP_BY = ['group', 'location', 'status'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface SummaryRow {
  key: string;
  counts: StatusCounts;
  total: number;
}

export interface Summary {
  groupBy: GroupBy;
  totals: StatusCounts;
  total: number;
  rows: SummaryRow[];
}

/** Counts by status per group (or per location, or per status), over the cells the caller may see. */
export function summarise(cells: Iterable<Cell>, groupBy: GroupBy, locations: readonly string[] | null): Summary {
  const totals = zeroCounts();
  const rows = new Map<string, StatusCounts>();
  const add = (key: string, status: LiveStatus, n: number) => {
    let counts = rows.get(key);
    if (!counts) rows.set(key, (counts = zeroCounts()));
    counts[status] += n;
  };
  for (const cell of visibleCells(cells, locations)) {
    const counts = shown(cell.counts);
    for (const status of AGENT_STATUSES) {
      const n = counts[status];
      totals[status] += n;
      if (groupBy === 'status') add(status, status, n);
      else if (n > 0) add(groupBy === 'group' ? cell.group : cell.location, status, n);
    }
  }
  const ordered =
    groupBy === 'status'
      ? AGENT_STATUSES.map((status) => [status, rows.get(status) ?? zeroCounts()] as const)
      : [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    groupBy,
    totals,
    total: totalOf(totals),
    rows: ordered.map(([key, counts]) => ({ key, counts, total: totalOf(counts) })),
  };
}

/**
 * The monitoring channel's data: counts per status, by location, then group. Keyed by location so
 * the broadcast side narrows it per subscriber by keeping only the locations the subscriber's
 * principal may see (shared/realtime/channels.ts `viewFor` on `by_location`); nothing else in it
 * says anything about a location. Empty cells are left out.
 */
export interface MonitoringData {
  [key: string]: unknown;
  as_of: string;
  by_location: Record<string, Record<string, StatusCounts>>;
}

/**
 * Most bytes of JSON the counts take in one update: the broadcast side keeps every message within
 * one 32 KB WebSocket frame (shared/realtime/split.ts) and can split arrays but not this map, so
 * the counts stay under it; cells beyond it (hundreds of groups × locations) are left out and the
 * data says `truncated: true` (GET /v1/monitoring/summary always has them all).
 */
export const MAX_COUNTS_BYTES = 28 * 1024;

export function monitoringData(cells: Iterable<Cell>, asOf: Date): MonitoringData & { truncated?: true } {
  // Prototype-less maps: a location or group named "__proto__" stays data.
  const byLocation: Record<string, Record<string, StatusCounts>> = Object.create(null);
  const ordered = [...cells].filter((cell) => totalOf(shown(cell.counts)) > 0).sort((a, b) => (placementKey(a) < placementKey(b) ? -1 : 1));
  let bytes = 2;
  let truncated = false;
  for (const cell of ordered) {
    const counts = shown(cell.counts);
    const newLocation = !(cell.location in byLocation);
    const cost = jsonBytes(cell.group) + jsonBytes(counts) + 2 + (newLocation ? jsonBytes(cell.location) + 4 : 0);
    if (bytes + cost > MAX_COUNTS_BYTES) {
      truncated = true;
      break;
    }
    bytes += cost;
    const groups = (byLocation[cell.location] ??= Object.create(null) as Record<string, StatusCounts>);
    groups[cell.group] = counts;
  }
  return { as_of: asOf.toISOString(), by_location: byLocation, ...(truncated ? { truncated: true as const } : {}) };
}

/** The monitoring data a principal who sees only `locations` (null: all) may see. */
export function monitoringView<D extends MonitoringData>(data: D, locations: readonly string[] | null): D {
  if (locations === null) return data;
  const visible = new Set(locations);
  const byLocation: Record<string, Record<string, StatusCounts>> = Object.create(null);
  for (const [location, groups] of Object.entries(data.by_location)) if (visible.has(location)) byLocation[location] = groups;
  return { ...data, by_location: byLocation };
}
