// The cloud model of a fan-out (bench/fanout-model.ts): its arithmetic on cases small enough to
// work out by hand, and the behaviours the bench's conclusions rest on. No timings.
import { describe, expect, it } from 'vitest';
import { PUBLISHED, quantile, quotaShare, sampleFanout, shardPostingMs, simulateFanout, type CloudAssumptions } from '../../bench/fanout-model.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';

const model: CloudAssumptions = { ...PUBLISHED, postCpuMs: 0.4, postLatencyMs: 15 };
const warm = { instances: 'warm' as const, maxConcurrency: 100, hops: 'p50' as const };

describe('one invocation posting a shard', () => {
  it('costs one post’s CPU and latency for one post', () => {
    expect(shardPostingMs(1, 1, model)).toBeCloseTo(15.4);
  });

  it('is latency-bound when CPU is cheap: rounds of `concurrency` posts', () => {
    expect(shardPostingMs(100, 10, { postCpuMs: 0.001, postLatencyMs: 15 })).toBeCloseTo(150, 0);
    expect(shardPostingMs(100, 50, { postCpuMs: 0.001, postLatencyMs: 15 })).toBeCloseTo(30, 0);
  });

  it('is CPU-bound when concurrency is ample: posts × CPU + one latency', () => {
    expect(shardPostingMs(100, 100, model)).toBeCloseTo(100 * 0.4 + 15);
  });
});

describe('a fan-out', () => {
  it('starts posting after publish, one hop, and the audience query', () => {
    const outcome = simulateFanout({ connections: 10, shardSize: 25, concurrency: 25, ...warm }, model);
    const hop = quantile(model.hopQuantiles, 0.5);
    expect(outcome.firstPostAtMs).toBeCloseTo(model.publishMs + hop + model.queryBaseMs + model.queryPerThousandMs * 0.01);
    expect(outcome.shards).toBe(1);
    expect(outcome.totalMs).toBeCloseTo(outcome.firstPostAtMs + 10 * 0.4 + 15);
  });

  it('posts every shard in parallel, so more connections cost little more while instances are free', () => {
    const small = simulateFanout({ connections: 100, shardSize: 25, concurrency: 25, ...warm }, model).totalMs;
    const large = simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm }, model).totalMs;
    expect(large - small).toBeLessThan(30);
  });

  it('queues shards behind a small invocation limit', () => {
    const wide = simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm }, model).totalMs;
    const narrow = simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm, maxConcurrency: 5 }, model).totalMs;
    expect(narrow).toBeGreaterThan(3 * wide);
  });

  it('pays a cold start when no warm instance is free', () => {
    const warmMs = simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm }, model).totalMs;
    const coldMs = simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm, instances: 'cold' }, model).totalMs;
    expect(coldMs - warmMs).toBeGreaterThanOrEqual(2 * model.coldStartMs - 1);
  });

  it('is held to the account quota: 20,000 posts take at least (20,000 − burst) ÷ rate, and none is lost', () => {
    const outcome = simulateFanout({ connections: 20000, shardSize: 25, concurrency: 25, ...warm }, model);
    expect(outcome.totalMs).toBeGreaterThan(((20000 - model.quotaBurst) / model.quotaRps) * 1000);
    expect(outcome.throttled).toBeGreaterThan(0);
    expect(outcome.lost).toBe(0);
    expect(simulateFanout({ connections: 2000, shardSize: 25, concurrency: 25, ...warm }, model).throttled).toBe(0);
  });

  it('gives the same answer for the same seed, and a tail above the median when hops are sampled', () => {
    const scenario = { connections: 2000, shardSize: 25, concurrency: 25, instances: 'warm' as const, maxConcurrency: 100 };
    expect(sampleFanout(scenario, model, 50, 3)).toEqual(sampleFanout(scenario, model, 50, 3));
    const { p50, p99 } = sampleFanout(scenario, model, 100);
    expect(p99).toBeGreaterThan(p50);
    expect(p50).toBeGreaterThan(simulateFanout({ ...scenario, hops: 'p50' }, model).totalMs);
  });
});

describe('helpers', () => {
  it('interpolates quantiles', () => {
    const points: [number, number][] = [
      [0, 0],
      [0.5, 10],
      [1, 30],
    ];
    expect(quantile(points, 0.25)).toBe(5);
    expect(quantile(points, 0.75)).toBe(20);
    expect(quantile(points, 2)).toBe(30);
  });

  it('draws repeatable numbers in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 100 }, () => a());
    expect(draws).toEqual(Array.from({ length: 100 }, () => b()));
    for (const x of draws) expect(x >= 0 && x < 1).toBe(true);
  });

  it('prices a channel’s cadence against the quota', () => {
    expect(quotaShare(2, 100)).toBeCloseTo(0.02);
    expect(quotaShare(2, 5000)).toBe(1);
  });
});
