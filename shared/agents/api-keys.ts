// Agent API keys: `sck_` + 256 random bits (base64url), shown once, stored only as a SHA-256 hash
// (a key is high-entropy, so a fast hash is enough and allows a lookup in one read).
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'sck_';
const API_KEY = /^sck_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  key: string;
  hash: string;
  /** The last four characters, to tell keys apart in listings. */
  hint: string;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const isApiKey = (token: string) => API_KEY.test(token);

export function newApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), hint: key.slice(-4) };
}
