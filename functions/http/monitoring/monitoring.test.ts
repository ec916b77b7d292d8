// Live agent monitoring in-process against the twin's embedded DynamoDB and SQS (no mocks): status
// reports move the counts a dashboard reads, an older report never overwrites a newer one, silent
// agents go offline, and the monitoring queue's consumer publishes one update per tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../../test/support/local-aws.ts';
import { agentCaller, call, deliver, user, type HttpHandler, type SqsHandler, loadHandlers } from '../../../test/support/handlers.ts';

let aws: LocalAws;
const h: Record<string, HttpHandler> = {};
let updatesWorker: SqsHandler;
let sweepHandler: (event: unknown) => Promise<{ swept: number }>;
let reconcileHandler: (event: unknown) => Promise<{ tenants: number; corrected: number }>;
let sweepSilentAgents: typeof import('#shared/monitoring/sweep.ts').sweepSilentAgents;

beforeAll(async () => {
  aws = await startLocalAws();
  const routes = {
    createAgent: import('../agents/create.ts'),
    revokeAgent: import('../agents/revoke.ts'),
    status: import('../agents/status.ts'),
    batch: import('./status-batch.ts'),
    summary: import('./summary.ts'),
  };
  await loadHandlers(h, routes);
  updatesWorker = (await import('../../workers/monitoring-updates.ts')).handler as SqsHandler;
  sweepHandler = (await import('../../schedules/monitoring-sweep-offline.ts')).handler as never;
  reconcileHandler = (await import('../../schedules/monitoring-reconcile.ts')).handler as never;
  ({ sweepSilentAgents } = await import('#shared/monitoring/sweep.ts'));
});
afterAll(() => aws?.stop());

const tenant = 't-monitor';
const maintainer = user(tenant, 'maintainer');
const viewer = user(tenant, 'viewer');
const scheduled = { id: 'schedule-1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString() };

async function registerAgent(name: string) {
  const res = await call(h.createAgent!, 'POST /v1/agents', { as: maintainer, body: { name } });
  return res.body.agent_id as string;
}

const report = (agentId: string, body: Record<string, unknown>, as = agentCaller(tenant, agentId)) =>
  call(h.status!, 'PUT /v1/agents/{agent_id}/status', { as, params: { agent_id: agentId }, body: { group: 'support', location: 'paris', ...body } });

const summary = async (groupBy?: string) =>
  (await call(h.summary!, 'GET /v1/monitoring/summary', { as: viewer, ...(groupBy ? { query: { group_by: groupBy } } : {}) })).body;

describe('monitoring', () => {
  it('counts agents by status per group as they report; a heartbeat changes nothing, an older report is stale', async () => {
    const a = await registerAgent('a');
    const b = await registerAgent('b');
    const first = await report(a, { status: 'online', activity: 'waiting' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ agent_id: a, status: 'online', outcome: 'changed', activity: 'waiting' });
    expect((await report(a, { status: 'online', activity: 'waiting' })).body.outcome).toBe('unchanged');
    expect((await report(a, { status: 'busy', reported_at: '2020-01-01T00:00:00.000Z' })).body.outcome).toBe('stale');
    await report(b, { status: 'busy', group: 'sales', location: 'lyon' });

    const byGroup = await summary();
    expect(byGroup.group_by).toBe('group');
    expect(byGroup.total).toBe(2);
    expect(byGroup.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'support', total: 1, counts: expect.objectContaining({ online: 1 }) }),
        expect.objectContaining({ key: 'sales', total: 1, counts: expect.objectContaining({ busy: 1 }) }),
      ]),
    );
    const byLocation = await summary('location');
    expect(byLocation.items.map((row: { key: string }) => row.key).sort()).toEqual(['lyon', 'paris']);
  });

  it('refuses an agent reporting for another agent', async () => {
    const a = await registerAgent('honest');
    const b = await registerAgent('impostor');
    const res = await report(a, { status: 'online' }, agentCaller(tenant, b));
    expect([403, 404]).toContain(res.status);
  });

  it('takes a batch of reports for many agents, one result each, in order', async () => {
    const a = await registerAgent('batch-a');
    const res = await call(h.batch!, 'POST /v1/monitoring/status', {
      as: maintainer,
      body: {
        reports: [
          { agent_id: a, status: 'idle', group: 'support', location: 'paris' },
          { agent_id: 'agt_00000000000000000000000000', status: 'idle', group: 'support', location: 'paris' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['changed', 'failed']);
    expect(res.body.results[1].error.code).toBe('not_found');
  });

  it('publishes the tenant’s counts from the monitoring queue: one update per tenant per batch', async () => {
    // A dashboard watches the tenant's monitoring channel (nothing is broadcast on a channel nobody watches).
    const { saveConnection } = await import('#shared/store/connections.ts');
    const { addSubscription } = await import('#shared/store/subscriptions.ts');
    await saveConnection({ connectionId: 'wall', principal: viewer, connectedAt: new Date().toISOString() });
    expect(await addSubscription('wall', viewer, 'monitoring')).toBe('subscribed');
    const messages = await aws.receive('monitoring');
    expect(messages.length).toBeGreaterThan(0);
    expect(await deliver(updatesWorker, messages, 'scorecast-monitoring')).toEqual([]);
    const broadcasts = (await aws.drain('broadcast')) as { channel?: string; tenant_id?: string }[];
    expect(broadcasts.filter((m) => JSON.stringify(m).includes('monitoring'))).toHaveLength(1);
  });

  it('marks agents silent for longer than the heartbeat timeout offline', async () => {
    const quiet = await registerAgent('quiet');
    await report(quiet, { status: 'online' });
    expect((await sweepHandler(scheduled)).swept).toBe(0);
    const later = Date.now() + 10 * 60_000;
    const result = await sweepSilentAgents(60, 'sweep-1', () => later);
    expect(result.swept).toBeGreaterThanOrEqual(1);
    const counts = await summary('status');
    expect(counts.totals.offline).toBeGreaterThanOrEqual(1);
  });

  it('reconciles aggregates that agree with the agents without changing them; a revoked agent leaves the counts', async () => {
    const before = (await summary()).total;
    const result = await reconcileHandler(scheduled);
    expect(result.corrected).toBe(0);
    expect(result.tenants).toBeGreaterThanOrEqual(1);
    const gone = await registerAgent('leaving');
    await report(gone, { status: 'online' });
    expect((await summary()).total).toBe(before + 1);
    await call(h.revokeAgent!, 'DELETE /v1/agents/{agent_id}', { as: maintainer, params: { agent_id: gone } });
    expect((await summary()).total).toBe(before);
  });
});
