// List cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is only accepted for the
// partition it came from, so a crafted cursor cannot page through another tenant's items.
import { AppError } from '#shared/http/errors.ts';

export type Key = Record<string, unknown>;

export const encodeCursor = (key: Key | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

/** `sortPrefix`: the list is the partition's items whose SK starts with it, so the cursor must be one of them. */
export function decodeCursor(cursor: string | undefined, partition: Record<string, string>, sortPrefix?: string): Key | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number') &&
    Object.entries(partition).every(([name, value]) => (key as Key)[name] === value) &&
    (sortPrefix === undefined || String((key as Key).SK).startsWith(sortPrefix));
  if (!valid) throw new AppError('validation_failed', 'The cursor is not valid for this list', [{ location: 'query', path: 'cursor', message: 'invalid cursor' }]);
  return key as Key;
}
