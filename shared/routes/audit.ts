// The audit HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead } from '#shared/contract/uses.ts';
import { AuditQuery } from '#shared/schemas/audit.ts';

export const auditRoutes = declareRoutes({
  'GET /v1/audit': {
    access: 'admin',
    summary: 'The audit log: every mutation attempt, newest first (from, to: ISO times; action: e.g. agent.create)',
    tags: ['audit'],
    schemas: { query: AuditQuery, responses: { 200: 'AuditEntryPage' } },
    function: {
      name: 'auditList',
      entry: 'functions/http/audit/list.ts',
      description: "the tenant's audit log",
      uses: [tableRead],
    },
  },
});
