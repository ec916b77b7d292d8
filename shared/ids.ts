// Resource ids: a prefix, then a ULID-style time-sortable body (48-bit milliseconds + 80 random
// bits, Crockford base32), so ids sort by creation and lists page in creation order.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function newId(prefix: string, nowMs = Date.now()): string {
  const random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  return `${prefix}_${base32(BigInt(nowMs), 10)}${base32(random, 16)}`.toLowerCase();
}

/**
 * The id of something that happened, derived from what happened (`key`) instead of drawn: the same
 * key and time always give the same id (a republished event is the same event), still sorted by time.
 */
export function derivedId(prefix: string, atMs: number, key: string): string {
  const digest = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 20)}`);
  return `${prefix}_${base32(BigInt(atMs), 10)}${base32(digest, 16)}`.toLowerCase();
}
