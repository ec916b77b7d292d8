// Hidden test sets: a maintainer reveals a benchmark's private tasks' scores. From then on everyone
// sees `score` (agents still never see a private task's result or expected value) and the board
// ranks by `score` — the full ordering, kept current alongside the public one since the first
// scoring, so the reveal is this one write, not a recomputation. Revealing again changes nothing
// (200 with the first reveal's time). An archived benchmark may be revealed: a closed competition
// is the usual one to reveal. Live boards are told (`kind: 'revealed'` on leaderboard:{id}).
import type { Principal } from '#shared/auth/principal.ts';
import { broadcastUpdates } from '#shared/events/broadcast-sink.ts';
import { notFound } from '#shared/http/errors.ts';
import { leaderboardChannel } from '#shared/realtime/channels.ts';
import { markRevealed } from '#shared/store/benchmarks.ts';
import type { Benchmark } from './benchmark.ts';
import { boardOrdering } from './visibility.ts';

export async function revealBenchmark(actor: Principal, benchmarkId: string, correlationId: string, now = new Date()): Promise<Benchmark> {
  const benchmark = await markRevealed(actor.tenantId, benchmarkId, now.toISOString());
  if (!benchmark) throw notFound('The benchmark');
  // Only the first reveal is news; best effort, like every real-time update (a gap in seq → resubscribe).
  if (benchmark.revealedAt === now.toISOString())
    await broadcastUpdates([
      {
        tenantId: actor.tenantId,
        channel: leaderboardChannel(benchmarkId),
        type: 'benchmark.revealed',
        data: { kind: 'revealed', benchmark_id: benchmarkId, revealed_at: benchmark.revealedAt, ordering: boardOrdering(benchmark.revealedAt) },
        correlationId,
        occurredAt: benchmark.revealedAt,
      },
    ]);
  return benchmark;
}
