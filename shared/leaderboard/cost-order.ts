// The board's cost ordering (`?sort=cost`): cheapest first; among equal costs the score order
// (higher score, then whoever reached it first, then agent id); entries without a cost last, in
// score order. Encoded, like the score order (ranking.ts), in one sortable string, so a cost page
// is one ascending Query on GSI2. `rank` stays the score rank in either ordering. Plain TypeScript.
import { rankKey, type BoardEntry } from './ranking.ts';

export type BoardSort = 'score' | 'cost';

/**
 * A non-negative double's IEEE 754 bits, big-endian hex: 16 characters whose string order is the
 * numbers' order, exact at any magnitude (no scale to outgrow, no rounding of a tiny cost).
 */
export function sortableCost(usd: number): string {
  const bytes = new DataView(new ArrayBuffer(8));
  bytes.setFloat64(0, usd + 0); // + 0 turns -0 (sign bit set) into 0
  return bytes.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Ascending order of this key is the cost ordering: `C#<cost>#<rank key>`, or `N#<rank key>` without a cost ('N' > 'C'). */
export const costKey = (entry: Pick<BoardEntry, 'score' | 'achievedAt' | 'agentId' | 'costUsd'>): string =>
  entry.costUsd === null || entry.costUsd === undefined ? `N#${rankKey(entry)}` : `C#${sortableCost(entry.costUsd)}#${rankKey(entry)}`;
