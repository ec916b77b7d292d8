// What maintainers do with baselines (place one on a version's leaderboard, take it off) and how
// anyone in the tenant lists them.
import type { Principal } from '#shared/auth/principal.ts';
import type { Benchmark } from '#shared/benchmarks/benchmark.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { broadcastUpdates } from '#shared/events/broadcast-sink.ts';
import { conflict, notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { baselinesOfVersion, deleteBaseline, findBaseline, insertBaseline } from '#shared/store/baselines.ts';
import { MAX_BASELINES_PER_VERSION, newBaseline, type Baseline, type BaselineInput } from './baseline.ts';
import { baselineUpdate } from './updates.ts';

/** The version asked for (default: the current one); versions run 1..current, so a later one is unknown. */
function versionOf(benchmark: Benchmark, asked: number | undefined): number {
  const version = asked ?? benchmark.version;
  if (version > benchmark.version) throw notFound(`Version ${version} of the benchmark`);
  return version;
}

export async function addBaseline(
  actor: Principal,
  benchmarkId: string,
  input: BaselineInput & { version?: number },
  correlationId: string,
  now = new Date(),
): Promise<Baseline> {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = versionOf(benchmark, input.version);
  // Checked before the write: two creates at once may each pass at 49; the cap bounds the per-page read, not correctness.
  const existing = await baselinesOfVersion(actor.tenantId, benchmark.benchmarkId, version);
  if (existing.length >= MAX_BASELINES_PER_VERSION)
    throw conflict(
      `Version ${version} already has ${existing.length} baselines, the most it may have (${MAX_BASELINES_PER_VERSION}); delete one first`,
      {
        limit: MAX_BASELINES_PER_VERSION,
      },
    );
  const owner = { baselineId: newId('bl', now.getTime()), tenantId: actor.tenantId, benchmarkId: benchmark.benchmarkId, version };
  const baseline = newBaseline(owner, input, actor.principalId, now);
  await insertBaseline(baseline);
  // Best effort, as all real-time: a subscriber who misses it sees a gap in seq and resubscribes.
  await broadcastUpdates([baselineUpdate(baseline, 'placed', correlationId, now)]);
  return baseline;
}

export async function listBaselines(actor: Principal, benchmarkId: string, askedVersion?: number) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const version = versionOf(benchmark, askedVersion);
  return { benchmark, version, baselines: await baselinesOfVersion(actor.tenantId, benchmark.benchmarkId, version) };
}

export async function removeBaseline(
  actor: Principal,
  benchmarkId: string,
  baselineId: string,
  correlationId: string,
  now = new Date(),
): Promise<void> {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const baseline = await findBaseline(actor.tenantId, benchmark.benchmarkId, baselineId);
  if (!baseline || !(await deleteBaseline(baseline))) throw notFound('The baseline');
  await broadcastUpdates([baselineUpdate(baseline, 'removed', correlationId, now)]);
}
