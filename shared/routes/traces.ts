// The traces HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { SubmissionPath } from '#shared/schemas/ids.ts';
import { AppendSpans } from '#shared/schemas/traces.ts';

export const tracesRoutes = declareRoutes({
  'POST /v1/submissions/{submission_id}/traces': {
    access: 'agent',
    action: 'trace.append',
    summary: "Appends 1–500 spans to the agent's own submission (200 with the count stored); a span_id sent again replaces its span",
    tags: ['traces'],
    schemas: { path: SubmissionPath, body: AppendSpans, responses: { 200: 'Appended' } },
    function: {
      name: 'tracesAppend',
      entry: 'functions/http/traces/append.ts',
      description: 'the agent appends spans to its own submission',
      timeoutSeconds: 15,
      uses: [tableReadWrite],
    },
  },
  'GET /v1/submissions/{submission_id}/traces': {
    access: 'viewer',
    agents: true,
    summary:
      'The span tree: children under parents, ordered by started_at; a span whose parent is unknown is a root; token and cost totals (agents: their own)',
    tags: ['traces'],
    schemas: { path: SubmissionPath, responses: { 200: 'Trace' } },
    function: {
      name: 'tracesGet',
      entry: 'functions/http/traces/get.ts',
      description: 'the span tree with token and cost totals',
      memoryMb: 1024,
      timeoutSeconds: 15,
      uses: [tableRead],
    },
  },
});
