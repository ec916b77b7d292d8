// The logs HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { SubmissionPath } from '#shared/schemas/ids.ts';
import { AppendLogLines, LogQuery } from '#shared/schemas/traces.ts';

export const logsRoutes = declareRoutes({
  'POST /v1/submissions/{submission_id}/logs': {
    access: 'agent',
    action: 'log.append',
    idempotent: true,
    summary: "Appends 1–500 log lines to the agent's own submission (200 with the count stored); streamed live; Idempotency-Key honoured",
    tags: ['logs'],
    schemas: { path: SubmissionPath, body: AppendLogLines, responses: { 200: 'Appended' } },
    function: {
      name: 'logsAppend',
      entry: 'functions/http/logs/append.ts',
      description: 'the agent appends log lines (stored, then published)',
      timeoutSeconds: 15,
      uses: [tableReadWrite, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
      settings: ['LOG_RETENTION_DAYS'],
    },
  },
  'GET /v1/submissions/{submission_id}/logs': {
    access: 'viewer',
    agents: true,
    summary: 'Log lines in time order, paged (kept LOG_RETENTION_DAYS; agents: their own)',
    tags: ['logs'],
    schemas: { path: SubmissionPath, query: LogQuery, responses: { 200: 'LogLinePage' } },
    function: {
      name: 'logsList',
      entry: 'functions/http/logs/list.ts',
      description: 'log lines in time order, paged',
      uses: [tableRead],
    },
  },
});
