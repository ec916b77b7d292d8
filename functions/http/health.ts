// The table and every declared queue (and DLQ) must answer; 503 otherwise.
import { jsonEnv } from '#shared/config/env.ts';
import { checkHealth, type Probe } from '#shared/health.ts';
import { route } from '#shared/http/route.ts';
import { probeQueue } from '#shared/queue/health-probe.ts';
import { probeTable } from '#shared/store/health-probe.ts';
import { platformRoutes } from '#shared/routes/platform.ts';

const queueUrls = jsonEnv<Record<string, string>>('QUEUE_URLS', {});

const probes: Record<string, Probe> = { table: probeTable };
for (const [name, url] of Object.entries(queueUrls)) probes[`queue:${name}`] = (signal) => probeQueue(url, signal);

export const handler = route(platformRoutes['GET /health'], async () => {
  const report = await checkHealth(probes);
  return { status: report.status === 'ok' ? (200 as const) : (503 as const), body: report, headers: { 'cache-control': 'no-store' } };
});
