// List cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is accepted only with the
// exact key shape of its list (the table's PK and SK, plus GSI1PK and GSI1SK on GSI1), for the
// partition it came from and inside the list's sort-key range: a crafted cursor cannot page through
// another tenant's items, and never reaches DynamoDB to be refused there (a ValidationException, 500).
import { AppError } from '#shared/http/errors.ts';

export type Key = Record<string, string>;

/** Which keys a list's cursors hold, and which of their values its Query covers. */
export interface ListKeyShape {
  /** The partition the list reads: `{ PK }` on the table, `{ GSI1PK }` on GSI1, `{ GSI2PK }` on GSI2. */
  partition: { PK: string } | { GSI1PK: string } | { GSI2PK: string };
  /** The sort keys (SK) a table list's key condition covers: `begins_with`, or `BETWEEN from AND to`. */
  sortKey?: { prefix: string } | { from: string; to: string };
}

const TABLE_KEYS = ['PK', 'SK'];
const GSI1_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK'];
const GSI2_KEYS = ['PK', 'SK', 'GSI2PK', 'GSI2SK'];
/** DynamoDB's key size limits: a partition key up to 2048 bytes, a sort key up to 1024. */
const MAX_KEY_BYTES: Record<string, number> = { PK: 2048, GSI1PK: 2048, GSI2PK: 2048, SK: 1024, GSI1SK: 1024, GSI2SK: 1024 };

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

const invalid = (reason: string) =>
  new AppError('validation_failed', `The cursor is not valid for this list: ${reason}`, [{ location: 'query', path: 'cursor', message: reason }]);

/** DynamoDB compares string keys by their UTF-8 bytes. */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The cursor's key if it has exactly the shape of `list`'s keys and lies in its range; a 400 saying why otherwise. */
export function checkCursorKey(key: unknown, list: ListKeyShape): Key {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid('it is not a next_cursor this API returned');
  const expected = 'GSI1PK' in list.partition ? GSI1_KEYS : 'GSI2PK' in list.partition ? GSI2_KEYS : TABLE_KEYS;
  const names = Object.keys(key);
  const extra = names.filter((name) => !expected.includes(name));
  if (extra.length) throw invalid(`it has keys this list's cursors do not (${extra.join(', ')}); they hold exactly ${expected.join(', ')}`);
  const missing = expected.filter((name) => !names.includes(name));
  if (missing.length) throw invalid(`it lacks ${missing.join(', ')}; this list's cursors hold exactly ${expected.join(', ')}`);
  for (const [name, value] of Object.entries(key)) {
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES[name]!)
      throw invalid(`its ${name} must be a non-empty string of at most ${MAX_KEY_BYTES[name]} bytes`);
  }
  const cursorKey = key as Key;
  const partitionMatches = Object.entries(list.partition).every(([name, value]) => cursorKey[name] === value);
  const sortKey = list.sortKey;
  const prefixMatches = !sortKey || !('prefix' in sortKey) || cursorKey.SK!.startsWith(sortKey.prefix);
  if (!partitionMatches || !prefixMatches) throw invalid('it belongs to another list; pass the next_cursor this list returned');
  if (sortKey && 'from' in sortKey && (compareKeys(cursorKey.SK!, sortKey.from) < 0 || compareKeys(cursorKey.SK!, sortKey.to) > 0))
    throw invalid('it lies outside the from–to range asked for; pass it with the same from and to as the page it came from');
  return cursorKey;
}

/** The Query's ExclusiveStartKey for `cursor` (undefined: the first page); a 400 unless it fits `list`. */
export function decodeCursor(cursor: string | undefined, list: ListKeyShape): Key | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a next_cursor this API returned');
  }
  return checkCursorKey(key, list);
}

/** A leaderboard page's cursor: the key to go on from, and how many entries came before (ranks carry on across pages). */
export interface BoardCursor {
  key: Key;
  offset: number;
}

export const encodeBoardCursor = (key: Record<string, unknown>, offset: number): string =>
  Buffer.from(JSON.stringify({ key, offset }), 'utf8').toString('base64url');

/** The board cursor's key and offset (undefined: the first page); a 400 unless it came from this board's (GSI1 partition `board`) pages. */
export function decodeBoardCursor(cursor: string | undefined, board: string): BoardCursor | undefined {
  return decodeBoardCursorOf(cursor, { GSI1PK: board });
}

/** The same for the board's cost ordering (GSI2 partition `byCost`): a score-ordered cursor is a 400 here, and the reverse. */
export function decodeCostBoardCursor(cursor: string | undefined, byCost: string): BoardCursor | undefined {
  return decodeBoardCursorOf(cursor, { GSI2PK: byCost });
}

function decodeBoardCursorOf(cursor: string | undefined, partition: { GSI1PK: string } | { GSI2PK: string }): BoardCursor | undefined {
  if (!cursor) return undefined;
  let start: { key?: unknown; offset?: unknown } | undefined;
  try {
    start = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    start = undefined;
  }
  if (typeof start !== 'object' || start === null || !Number.isInteger(start.offset) || (start.offset as number) < 0)
    throw new AppError('validation_failed', 'The cursor is not valid for this leaderboard: it is not a next_cursor this API returned', [
      { location: 'query', path: 'cursor', message: 'it is not a next_cursor this API returned' },
    ]);
  return { key: checkCursorKey(start.key, { partition }), offset: start.offset as number };
}
