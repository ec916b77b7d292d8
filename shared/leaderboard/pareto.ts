// The cost–score Pareto frontier of a board: an entry is on it when no other entry has a score ≥
// and a cost ≤ with one of them strictly better. Entries without a cost are never on it; entries
// equal on both (duplicates) do not dominate each other, so both stay. Plain TypeScript.
//
// The board keeps its frontier in one item, moved on every entry write (store/leaderboard-frontier.ts):
// `frontierChange` says from the frontier alone what an agent's new entry does to it, or that only
// a read of the whole board can tell (the agent's old point leaves it and may uncover others).

/** What the frontier needs of an entry. */
export interface CostPoint {
  agentId: string;
  submissionId: string;
  score: number;
  costUsd: number | null;
}

/** A frontier member: an entry with a cost. */
export type FrontierMember = CostPoint & { costUsd: number };

export const hasCost = <T extends CostPoint>(point: T): point is T & { costUsd: number } => point.costUsd !== null && point.costUsd !== undefined;

/** a dominates b: a score ≥ and a cost ≤, one of them strictly better. */
export const dominates = (a: FrontierMember, b: FrontierMember) =>
  a.score >= b.score && a.costUsd <= b.costUsd && (a.score > b.score || a.costUsd < b.costUsd);

/**
 * The non-dominated points with a cost, cheapest first (then higher score, then agent id). One sort
 * and one sweep: a point is on the frontier when its score beats every strictly cheaper point's and
 * is the best of its own cost.
 */
export function paretoFrontier<T extends CostPoint>(points: readonly T[]): (T & { costUsd: number })[] {
  const costed = points.filter(hasCost).sort((a, b) => a.costUsd - b.costUsd || b.score - a.score || (a.agentId < b.agentId ? -1 : 1));
  const frontier: (T & { costUsd: number })[] = [];
  let bestCheaper = Number.NEGATIVE_INFINITY;
  let groupCost = Number.NaN;
  let groupBest = Number.NEGATIVE_INFINITY;
  for (const point of costed) {
    if (point.costUsd !== groupCost) {
      bestCheaper = Math.max(bestCheaper, groupBest);
      groupCost = point.costUsd;
      groupBest = point.score;
    }
    if (point.score > bestCheaper && point.score === groupBest) frontier.push(point);
  }
  return frontier;
}

export type FrontierChange = { kind: 'unchanged' } | { kind: 'replace'; members: FrontierMember[] } | { kind: 'recompute' };

const samePoint = (a: CostPoint, b: CostPoint) =>
  a.submissionId === b.submissionId && a.score === b.score && (a.costUsd ?? null) === (b.costUsd ?? null);

const member = (point: FrontierMember): FrontierMember => ({
  agentId: point.agentId,
  submissionId: point.submissionId,
  score: point.score,
  costUsd: point.costUsd,
});

/**
 * What the agent's entry as it now stands (`current`; null: it has none) does to the frontier.
 * The agent's old member leaving can uncover entries it alone dominated, which only a read of the
 * board finds, unless the new point is at least as good on both counts (then it dominates all the
 * old one did).
 */
export function frontierChange(members: readonly FrontierMember[], agentId: string, current: CostPoint | null): FrontierChange {
  const old = members.find((m) => m.agentId === agentId);
  const others = members.filter((m) => m.agentId !== agentId);
  if (old) {
    if (current && samePoint(old, current)) return { kind: 'unchanged' };
    if (current && hasCost(current) && current.score >= old.score && current.costUsd <= old.costUsd)
      return { kind: 'replace', members: paretoFrontier([...others, member(current)]) };
    return { kind: 'recompute' };
  }
  if (!current || !hasCost(current) || others.some((m) => dominates(m, current))) return { kind: 'unchanged' };
  return { kind: 'replace', members: paretoFrontier([...others, member(current)]) };
}

/** Whether an entry is on the frontier: a member with this very submission. */
export const onFrontier = (members: readonly FrontierMember[], entry: Pick<CostPoint, 'agentId' | 'submissionId'>) =>
  members.some((m) => m.agentId === entry.agentId && m.submissionId === entry.submissionId);
