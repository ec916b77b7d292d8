// Keeping every message we send within one WebSocket frame. API Gateway's frames are at most 32 KB
// and its messages at most 128 KB; a message above 32 KB must travel as several frames, and a
// client (or a proxy) that mishandles that closes with 1009. So every message we post is at most
// MAX_MESSAGE_BYTES (32 KB) of JSON, and the 128 KB limit never binds. Data that does not fit is:
//   1. split on its largest top-level array (leaderboard entries, log lines): each part repeats the
//      other fields, carries a slice of the array, and `part` / `parts` (1-based) so a client can
//      tell it has them all; an update split in k parts takes k consecutive `seq` numbers;
//   2. truncated when there is no array to split or one element alone is too large: the longest
//      strings are cut (ending in "…") and the data gets `truncated: true`.
// Plain TypeScript.

export const MAX_MESSAGE_BYTES = 32 * 1024;
/** Room left for the envelope around `data`: type, channel (≤ 256), id (≤ 128), seq, ts, correlation_id (≤ 128). */
export const ENVELOPE_RESERVE_BYTES = 1024;
export const DATA_BUDGET_BYTES = MAX_MESSAGE_BYTES - ENVELOPE_RESERVE_BYTES;

type Data = Record<string, unknown>;

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** The data as one or more parts, each at most `budget` bytes of JSON. */
export function splitData(data: Data, budget = DATA_BUDGET_BYTES): Data[] {
  if (jsonBytes(data) <= budget) return [data];
  const field = largestArrayField(data);
  const items = field === undefined ? [] : (data[field] as unknown[]);
  if (field === undefined || items.length === 0) return [truncate(data, budget)];

  // Room for `"part":NNNN,"parts":NNNN,` and the fields besides the array.
  const partReserve = 32;
  const base = jsonBytes({ ...data, [field]: [] }) + partReserve;
  const room = budget - base;
  if (room <= 16) return [truncate(data, budget)];
  const chunks: unknown[][] = [];
  let chunk: unknown[] = [];
  let used = 0;
  for (const item of items) {
    let size = jsonBytes(item);
    let value = item;
    if (size > room) {
      value = truncate(item, room - 1);
      size = jsonBytes(value);
    }
    const cost = size + (chunk.length > 0 ? 1 : 0); // the comma
    if (chunk.length > 0 && used + cost > room) {
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    used += chunk.length > 0 ? size + 1 : size;
    chunk.push(value);
  }
  if (chunk.length > 0) chunks.push(chunk);
  if (chunks.length === 1) return [{ ...data, [field]: chunks[0] }];
  return chunks.map((slice, i) => ({ ...data, [field]: slice, part: i + 1, parts: chunks.length }));
}

function largestArrayField(data: Data): string | undefined {
  let best: string | undefined;
  let bestBytes = -1;
  for (const [key, value] of Object.entries(data)) {
    if (!Array.isArray(value)) continue;
    const bytes = jsonBytes(value);
    if (bytes > bestBytes) [best, bestBytes] = [key, bytes];
  }
  return best;
}

/**
 * The value with its longest strings cut until its JSON fits `budget` bytes. Objects gain
 * `truncated: true`. A value that cannot be brought under the budget this way (thousands of short
 * strings, deep structures) becomes `{ truncated: true }`.
 */
export function truncate<T>(value: T, budget: number): T {
  if (jsonBytes(value) <= budget) return value;
  let copy = structuredClone(value) as unknown;
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) (copy as Data).truncated = true;
  for (let round = 0; round < 64 && jsonBytes(copy) > budget; round++) {
    const longest = longestString(copy);
    if (!longest || longest.text.length <= 16) break;
    const excess = jsonBytes(copy) - budget;
    // Cut at least the excess (in UTF-16 units: a lower bound on bytes) and at least half.
    const keep = Math.max(8, Math.min(Math.floor(longest.text.length / 2), longest.text.length - excess - 1));
    // Never end on the first half of a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(longest.text.charAt(keep - 1)) ? keep - 1 : keep;
    const cut = `${longest.text.slice(0, end)}…`;
    copy = longest.replace(cut);
  }
  if (jsonBytes(copy) <= budget) return copy as T;
  return { truncated: true } as T;
}

interface Found {
  text: string;
  replace(next: string): unknown;
}

/** The longest string anywhere in the value, with a way to put a shorter one in its place. */
function longestString(root: unknown): Found | undefined {
  let best: { text: string; holder: Data | unknown[] | null; key: string | number } | undefined;
  const visit = (value: unknown, holder: Data | unknown[] | null, key: string | number) => {
    if (typeof value === 'string') {
      if (!best || value.length > best.text.length) best = { text: value, holder, key };
    } else if (Array.isArray(value)) for (const [i, item] of value.entries()) visit(item, value, i);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, value as Data, k);
  };
  visit(root, null, '');
  if (!best) return undefined;
  const found = best;
  return {
    text: found.text,
    replace(next) {
      if (found.holder === null) return next;
      (found.holder as Record<string | number, unknown>)[found.key] = next;
      return root;
    },
  };
}
