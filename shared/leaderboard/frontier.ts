// Keeping a board's Pareto frontier current after an agent's entry was written (docs/decisions.md,
// "Cost and usage: the Pareto frontier"). Most writes change nothing and cost two reads (the
// frontier item and the agent's entry); a point that joins it, or a member that got better on
// both counts, moves it from the frontier alone; a member that got worse (or left) needs the whole
// board, since it may uncover entries it alone dominated.
//
// Without transactions (the twin's DynamoDB has none), each write of the frontier is conditional on
// its revision, and after writing, the writer reads again what it computed from (the agent's entry;
// or the whole board): when that moved meanwhile, it goes round again. So a writer that left the
// frontier alone because it held a point about to leave is covered by the re-read after that
// point's writer recomputed.
import { boardPoints, entryPoint } from '#shared/store/leaderboard.ts';
import { readFrontier, writeFrontier, type BoardRef } from '#shared/store/leaderboard-frontier.ts';
import { frontierChange, paretoFrontier, type CostPoint, type FrontierMember } from './pareto.ts';

/** After this many rounds lost to other writers the caller's message is retried (it is idempotent). */
const MAX_ROUNDS = 8;

/** Brings the frontier up to date with `agentId`'s entry as it now stands; the frontier's members. */
export async function keepFrontier(board: BoardRef, agentId: string, now = () => new Date()): Promise<FrontierMember[]> {
  let mustRecompute = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { members, rev } = await readFrontier(board);
    const current = await entryPoint(board.tenantId, board.benchmarkId, board.version, agentId);
    const change = mustRecompute ? ({ kind: 'recompute' } as const) : frontierChange(members, agentId, current);
    if (change.kind === 'unchanged') return members;
    const next = change.kind === 'replace' ? change.members : await wholeBoardFrontier(board);
    if (!(await writeFrontier(board, next, rev, now().toISOString()))) continue;
    if (change.kind === 'replace') {
      if (samePoint(current, await entryPoint(board.tenantId, board.benchmarkId, board.version, agentId))) return next;
    } else {
      if (sameMembers(next, await wholeBoardFrontier(board))) return next;
      mustRecompute = true;
    }
  }
  throw new Error(
    `The Pareto frontier of ${board.benchmarkId} v${board.version} kept moving under ${MAX_ROUNDS} rounds; the scoring message is retried`,
  );
}

const wholeBoardFrontier = async (board: BoardRef) => paretoFrontier(await boardPoints(board.tenantId, board.benchmarkId, board.version));

const samePoint = (a: CostPoint | null, b: CostPoint | null) =>
  a === b || (a !== null && b !== null && a.submissionId === b.submissionId && a.score === b.score && a.costUsd === b.costUsd);

const sameMembers = (a: readonly FrontierMember[], b: readonly FrontierMember[]) => a.length === b.length && a.every((m, i) => samePoint(m, b[i]!));
