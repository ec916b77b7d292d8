// Which tasks' results a caller may have compared. The one place that decides it for compare.
import type { Principal } from '#shared/auth/principal.ts';
import type { Benchmark } from '#shared/benchmarks/benchmark.ts';
import { seesPrivateTaskResults, visibilityRole } from '#shared/benchmarks/visibility.ts';

/**
 * Whether the caller may see (and so compare) a task's results: a public one always, a private one
 * (its result is marked `split: "private"`) only when seesPrivateTaskResults(role, revealed_at).
 */
export function mayCompareTask(actor: Principal, benchmark: Pick<Benchmark, 'revealedAt'>, result: { split?: string }): boolean {
  return result.split !== 'private' || seesPrivateTaskResults(visibilityRole(actor), benchmark.revealedAt);
}
