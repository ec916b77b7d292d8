// What a leaderboard subscriber is told when a baseline is placed or taken off: an update on the
// benchmark's `leaderboard:{id}` channel, kind 'baseline' (scored agents' updates are kind 'entry').
// Plain TypeScript.
import { leaderboardChannel } from '#shared/realtime/channels.ts';
import type { ChannelUpdate } from '#shared/realtime/updates.ts';
import { type Baseline, baselineView } from './baseline.ts';

export type BaselineChange = 'placed' | 'removed';

export function baselineUpdate(baseline: Baseline, change: BaselineChange, correlationId: string, at: Date): ChannelUpdate {
  const type = `baseline.${change}`;
  return {
    tenantId: baseline.tenantId,
    channel: leaderboardChannel(baseline.benchmarkId),
    type,
    data: { ...baselineView(baseline), baseline: true, change, kind: 'baseline', type },
    correlationId,
    occurredAt: at.toISOString(),
  };
}
