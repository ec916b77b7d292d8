// Which tasks' results a caller may have compared. The one place that decides it for compare.
import type { Principal } from '#shared/auth/principal.ts';
import type { Benchmark } from '#shared/benchmarks/benchmark.ts';

/**
 * Whether the caller may see (and so compare) the results of `taskId`: every task, for now. Part 4
 * (private splits) narrows it here: a private task only when seesPrivateTaskResults(role, revealed_at).
 */
export function mayCompareTask(_actor: Principal, _benchmark: Benchmark, _taskId: string): boolean {
  return true;
}
