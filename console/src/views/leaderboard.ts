// The live leaderboard's state: the channel's snapshot, then each `entry` update offered to the
// board under its rule (best: an agent keeps its highest score; latest: its latest), re-ranked by
// score, higher first, ties to whoever reached the score first. Until the snapshot arrives, the HTTP
// API's first page of the board stands in for it (LiveBoard), so the page shows whichever comes first.
// Pure.

export interface BoardEntry {
  rank: number;
  agent_id: string;
  score: number;
  submission_id: string;
  achieved_at: string;
  confidence_interval?: { low: number; high: number } | null;
}

export interface Board {
  version: number;
  rule: 'best' | 'latest';
  entries: BoardEntry[];
}

interface SnapshotData {
  version?: number;
  leaderboard_rule?: 'best' | 'latest';
  items?: BoardEntry[];
  part?: number;
}

/** A snapshot (or one of its parts: the 2nd and later add their entries to the 1st). */
export function boardFromSnapshot(data: unknown, previous: Board | null): Board {
  const snapshot = data as SnapshotData;
  const entries = snapshot.items ?? [];
  if ((snapshot.part ?? 1) > 1 && previous) return { ...previous, entries: rank([...previous.entries, ...entries]) };
  return { version: snapshot.version ?? 1, rule: snapshot.leaderboard_rule ?? 'best', entries: rank([...entries]) };
}

export interface EntryUpdate {
  agent_id?: string;
  score?: number | null;
  version?: number;
  submission_id?: string;
  confidence_interval?: { low: number; high: number } | null;
}

/** The board after one `entry` update, received at `at`; an update for another version leaves it. */
export function applyEntry(board: Board, update: EntryUpdate, at: string): Board {
  if (!update.agent_id || typeof update.score !== 'number' || !update.submission_id) return board;
  if (update.version !== undefined && update.version !== board.version) return board;
  const current = board.entries.find((entry) => entry.agent_id === update.agent_id);
  if (current?.submission_id === update.submission_id && current.score === update.score) return board;
  if (current && board.rule === 'best' && current.score >= update.score) return board;
  const entry: BoardEntry = {
    rank: 0,
    agent_id: update.agent_id,
    score: update.score,
    submission_id: update.submission_id,
    achieved_at: at,
    confidence_interval: update.confidence_interval ?? null,
  };
  return { ...board, entries: rank([...board.entries.filter((e) => e.agent_id !== update.agent_id), entry]) };
}

/** The live board as shown: `live` once the channel's snapshot is in (the API's page until then). */
export interface LiveBoard {
  board: Board;
  live: boolean;
}

/** After the API's page of the board (same shape as a snapshot) arrives: shown only while no snapshot has. */
export function withFirstPage(current: LiveBoard | null, page: unknown): LiveBoard {
  return current?.live ? current : { board: boardFromSnapshot(page, null), live: false };
}

/** After a channel message, applied in seq order at `at`: a snapshot replaces whatever is shown; updates follow it. */
export function liveBoardAfter(current: LiveBoard | null, applied: { type: 'snapshot' | 'update'; data: unknown }, at: string): LiveBoard | null {
  if (applied.type === 'snapshot') return { board: boardFromSnapshot(applied.data, current?.live ? current.board : null), live: true };
  if (!current?.live) return current; // the sequencer applies no update before the snapshot
  const board = applyEntry(current.board, applied.data as EntryUpdate, at);
  return board === current.board ? current : { board, live: true };
}

function rank(entries: BoardEntry[]): BoardEntry[] {
  entries.sort((a, b) => b.score - a.score || a.achieved_at.localeCompare(b.achieved_at));
  return entries.map((entry, index) => ({ ...entry, rank: index + 1 }));
}
