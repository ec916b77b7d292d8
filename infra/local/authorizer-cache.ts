// The HTTP API's Lambda REQUEST authorizer with simple responses: reading its answer, and caching the
// decision by identity source (the Authorization header) for the configured TTL. No I/O; the clock
// comes in as a value.

export interface AuthorizerDecision {
  isAuthorized: boolean;
  context: Record<string, unknown> | null;
}

/** A simple response's decision, or null when the answer is not a valid simple response. */
export function readSimpleResponse(result: unknown): AuthorizerDecision | null {
  const simple = result as { isAuthorized?: unknown; context?: unknown } | null;
  if (!simple || typeof simple !== 'object' || typeof simple.isAuthorized !== 'boolean') return null;
  const context =
    simple.context !== null && typeof simple.context === 'object' && !Array.isArray(simple.context)
      ? (simple.context as Record<string, unknown>)
      : null;
  return { isAuthorized: simple.isAuthorized, context };
}

/** Decisions by identity, each kept for ttlMs (0: no caching). */
export class AuthorizerCache {
  private readonly entries = new Map<string, AuthorizerDecision & { expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  get(identity: string, now: number): AuthorizerDecision | undefined {
    if (this.ttlMs <= 0) return undefined;
    const entry = this.entries.get(identity);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(identity);
      return undefined;
    }
    return entry;
  }

  set(identity: string, decision: AuthorizerDecision, now: number): void {
    if (this.ttlMs > 0) this.entries.set(identity, { ...decision, expiresAt: now + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
