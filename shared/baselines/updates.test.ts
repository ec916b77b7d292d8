import { expect, it } from 'vitest';
import { newBaseline } from './baseline.ts';
import { baselineUpdate } from './updates.ts';

it("tells the benchmark's leaderboard channel, kind 'baseline', with the baseline as the API shows it", () => {
  const at = new Date('2026-12-04T10:00:00.000Z');
  const baseline = newBaseline(
    { baselineId: 'bl_1', tenantId: 't', benchmarkId: 'bm_1', version: 2 },
    { name: 'Human', score: 0.8765432 },
    'u-1',
    at,
  );
  expect(baselineUpdate(baseline, 'removed', 'corr-1', at)).toEqual({
    tenantId: 't',
    channel: 'leaderboard:bm_1',
    type: 'baseline.removed',
    data: {
      baseline_id: 'bl_1',
      benchmark_id: 'bm_1',
      version: 2,
      name: 'Human',
      score: 0.876543,
      cost_usd: null,
      created_at: '2026-12-04T10:00:00.000Z',
      created_by: 'u-1',
      baseline: true,
      change: 'removed',
      kind: 'baseline',
      type: 'baseline.removed',
    },
    correlationId: 'corr-1',
    occurredAt: '2026-12-04T10:00:00.000Z',
  });
});
