// Part 2 of the fan-out bench (bench/fanout.ts): on a second twin whose @connections answers each
// post after `postLatencyMs`, one shard at a time is posted by the fan-out code
// (bench/fixtures/shard-post.ts) for a grid of shard sizes and concurrencies, next to what the
// model (bench/fanout-model.ts) predicts for one invocation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Twin } from '#infra/local/twin.ts';
import type { CalibrationRow } from './fanout.ts';
import { type CloudAssumptions, shardPostingMs } from './fanout-model.ts';
import { BENCH_TENANT, Clients, logLine, median, now, round, startBenchTwin } from './fanout-twin.ts';

const GRID = { shardSizes: [30, 70, 100, 200], concurrencies: [10, 30, 50] };

/** The connection ids of the calibration viewer's clients, from the connection registry. */
async function connectionIds(twin: Twin, expected: number): Promise<string[]> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: twin.engines.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': `TENANT#${BENCH_TENANT}#PRINCIPAL#calibration-viewer` },
    }),
  );
  const ids = Items.map((item) => item.connection_id as string);
  if (ids.length !== expected) throw new Error(`expected ${expected} connections, the registry holds ${ids.length}`);
  return ids;
}

type ShardOnce = (shardSize: number, concurrency: number) => Promise<{ allMs: number; functionMs: number; activePerPost: number }>;

/** One shard of `shardSize` of the clients, posted by the fixture at `concurrency`: invoke → every client had it. */
function shardPoster(twin: Twin, clients: Clients, ids: string[]): ShardOnce {
  let markCount = 0;
  return async (shardSize, concurrency) => {
    const mark = `bench-mark-c${(markCount++).toString(36)}`;
    await clients.call({ cmd: 'arm', mark, count: ids.length });
    const message = {
      kind: 'shard',
      tenant_id: BENCH_TENANT,
      channel: 'calibration',
      seq: 1,
      type: 'bench.calibration',
      data: { kind: 'log', lines: [logLine(mark)] },
      occurred_at: new Date().toISOString(),
      shard: '1/1',
      attempt: 1,
      views: [null],
      targets: ids.slice(0, shardSize).map((id) => [id, 0]),
    };
    const t0 = now();
    const result = (await twin.invoke('benchShardPost', { message, settings: { shardSize, concurrency, maxAttempts: 1 } })) as {
      ms: number;
      activeMs: number;
    };
    const { times } = await clients.call({ cmd: 'collect', mark, timeoutMs: 10_000, expect: shardSize });
    const received = (times as number[]).filter(Number.isFinite);
    if (received.length !== shardSize) throw new Error(`calibration: ${received.length} of ${shardSize} clients received the shard`);
    return { allMs: Math.max(...received) - t0, functionMs: result.ms, activePerPost: result.activeMs / shardSize };
  };
}

async function calibrationGrid(shardOnce: ShardOnce, assumptions: CloudAssumptions, postLatencyMs: number): Promise<CalibrationRow[]> {
  const calibration: CalibrationRow[] = [];
  await shardOnce(30, 30); // warm the function
  for (const shardSize of GRID.shardSizes)
    for (const concurrency of GRID.concurrencies) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await shardOnce(shardSize, concurrency));
      calibration.push({
        shardSize,
        concurrency,
        measuredMs: median(runs.map((r) => r.allMs)),
        functionMs: median(runs.map((r) => r.functionMs)),
        activePerPostMs: Math.round(median(runs.map((r) => r.activePerPost)) * 1000) / 1000,
        modelMs: round(shardPostingMs(shardSize, concurrency, assumptions)),
        modelAtActiveMs: round(shardPostingMs(shardSize, concurrency, { postCpuMs: median(runs.map((r) => r.activePerPost)), postLatencyMs })),
      });
    }
  return calibration;
}

/** The calibration grid on a twin of its own whose @connections answers after `postLatencyMs`. */
export async function calibrate(assumptions: CloudAssumptions, postLatencyMs: number, log: (line: string) => void): Promise<CalibrationRow[]> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-fanout-model-'));
  log(`fan-out model: a twin whose @connections answers after ${postLatencyMs} ms…`);
  const twin = await startBenchTwin(stateDir, postLatencyMs, { BROADCAST_POST_CONCURRENCY: '200' });
  const clients = new Clients();
  try {
    const most = Math.max(...GRID.shardSizes);
    const viewer = twin.issuer.mint({ tenant: BENCH_TENANT, roles: ['viewer'], sub: 'calibration-viewer' });
    await clients.call({ cmd: 'open', url: `${twin.wsUrl}?token=${encodeURIComponent(viewer)}`, count: most });
    const ids = await connectionIds(twin, most);
    return await calibrationGrid(shardPoster(twin, clients, ids), assumptions, postLatencyMs);
  } finally {
    await clients.stop();
    await twin.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
