// The monitoring HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { BatchStatusReports, SummaryQuery } from '#shared/schemas/monitoring.ts';

export const monitoringRoutes = declareRoutes({
  'POST /v1/monitoring/status': {
    access: 'maintainer',
    audit: false,
    rateLimit: 'status',
    summary: "Reports up to 100 agents' live statuses in one call (gateways); one result per report, in order",
    tags: ['monitoring'],
    schemas: { body: BatchStatusReports, responses: { 200: 'BatchStatusResult' } },
    function: {
      name: 'monitoringStatusBatch',
      entry: 'functions/http/monitoring/status-batch.ts',
      description: "up to 100 agents' live statuses, one result each",
      timeoutSeconds: 29,
      uses: [tableReadWrite, { queue: 'monitoring', send: true }, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
    },
  },
  'GET /v1/monitoring/summary': {
    access: 'viewer',
    summary: "Agents counted by status per group (group_by=group, default), location or status, within the caller's locations",
    tags: ['monitoring'],
    schemas: { query: SummaryQuery, responses: { 200: 'MonitoringSummary' } },
    function: {
      name: 'monitoringSummary',
      entry: 'functions/http/monitoring/summary.ts',
      description: "counts by status per group, location or status, within the caller's locations",
      uses: [tableRead],
    },
  },
});
