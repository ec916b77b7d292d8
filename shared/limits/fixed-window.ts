// Fixed-window rate limiting: a counter per principal, bucket and window; the window's item
// expires by itself (TTL) after the window ends. Plain arithmetic, no AWS types.
export interface Window {
  id: number;
  /** Epoch milliseconds at which the window closes. */
  endsAt: number;
}

export function windowAt(nowMs: number, windowSeconds: number): Window {
  const length = windowSeconds * 1000;
  const id = Math.floor(nowMs / length);
  return { id, endsAt: (id + 1) * length };
}

/** Whole seconds until the window closes (at least 1), for Retry-After. */
export const retryAfterSeconds = (nowMs: number, window: Window) => Math.max(1, Math.ceil((window.endsAt - nowMs) / 1000));
