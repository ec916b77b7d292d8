// The reconciler's plan: which aggregate items to overwrite with a recount. Plain TypeScript.
//
// Writers keep the aggregates up to date with deltas: only the writer whose conditional write
// made a transition applies its delta, so duplicated and concurrent reports count once. What
// deltas cannot fix is a writer that died between its status write and its delta (or a delta
// sent twice by a client retry). The reconciler recounts the agents' states and overwrites the
// aggregates — but an overwrite races the deltas still landing, so it overwrites an item only
// when that is provably right:
//
//   1. read the aggregate items, each with its `version` (bumped by every delta and overwrite);
//   2. then read every agent's status item (consistently), each with its pending deltas;
//   3. leave alone every item an in-flight delta will still touch (a pending delta whose writer
//      may be alive: its status is in the recount, its delta may land after the overwrite);
//   4. overwrite every other item that differs from the recount, on the condition that its
//      version is still the one read in 1 (no delta landed while recounting).
//
// A delta that landed before 1 is in the item and its status in the recount; one that lands
// between 1 and 4 fails the condition; one that lands after 4 belongs to a status written after
// the agent's read in 2 (otherwise it would be pending there, so its item left alone), so it is in
// neither. Either way an overwrite equals the recount plus exactly the deltas it did not see, so
// it never loses or doubles one. A dead writer's pending delta expires (PENDING_WINDOW_MS) and
// stops holding its items back, and the overwrite then corrects them. Items left alone or
// whose condition failed are tried again within the same run, and at the next run.
//
// A revoked agent's item is a tombstone (retired): counted nowhere by the recount, its retirement
// delta (−1 where it was) pending like any other delta until it lands. The table expires it.
import { recount, sameCounts, totalOf, zeroCounts, type Cell, type StatusCounts } from './counts.ts';
import { counted, inFlight, placementKey, placementOf, type Placement, type StoredStatus } from './status.ts';

export interface StoredCell extends Cell {
  version: number;
}

export interface CellWrite extends Placement {
  counts: StatusCounts;
  /** The version read in step 1; null: the item did not exist (create it only if it still does not). */
  expectedVersion: number | null;
}

export interface ReconcilePlan {
  /**
   * Items to overwrite with the recount. An item that counts nobody any more keeps its zeros: it is
   * never deleted, so its version only ever grows (a deleted and re-created item would restart at
   * a version an earlier read may hold, and that read's overwrite would then wrongly succeed).
   */
  writes: CellWrite[];
  /** Items an in-flight delta will still touch: left for a later attempt. */
  busy: Placement[];
  /** Pending deltas whose writer can no longer be applying them: the recount stands for them; clear them. */
  expired: { agentId: string; tx: string }[];
  /** Items whose stored counts differ from the recount (the drift being corrected or held back). */
  drifted: number;
}

export function planReconciliation(cells: readonly StoredCell[], statuses: readonly StoredStatus[], nowMs: number): ReconcilePlan {
  const truth = recount(counted(statuses));
  const busy = new Map<string, Placement>();
  const expired: ReconcilePlan['expired'] = [];
  for (const status of statuses) {
    for (const delta of status.pending) {
      if (delta.untilMs > nowMs) continue;
      expired.push({ agentId: status.agentId, tx: delta.tx });
    }
    for (const delta of inFlight(status, nowMs)) {
      for (const touched of [delta.from, delta.to]) if (touched) busy.set(placementKey(touched), placementOf(touched));
    }
  }

  const stored = new Map(cells.map((cell) => [placementKey(cell), cell]));
  const writes: CellWrite[] = [];
  let drifted = 0;
  for (const key of new Set([...stored.keys(), ...truth.keys()])) {
    const have = stored.get(key);
    const want = truth.get(key)?.counts ?? zeroCounts();
    if (have ? sameCounts(have.counts, want) : totalOf(want) === 0) continue;
    drifted += 1;
    if (busy.has(key)) continue;
    const placement = have ?? truth.get(key)!;
    writes.push({ group: placement.group, location: placement.location, counts: want, expectedVersion: have ? have.version : null });
  }
  return { writes, busy: [...busy.values()], expired, drifted };
}
