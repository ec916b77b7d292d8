// The submission export HTTP route: one declaration (who may call, schemas, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { textResponse } from '#shared/contract/text-response.ts';
import { tableRead } from '#shared/contract/uses.ts';
import { BenchmarkPath } from '#shared/schemas/ids.ts';
import { EXPORT_COLUMNS, SubmissionExportQuery } from '#shared/schemas/exports.ts';

export const exportsRoutes = declareRoutes({
  'GET /v1/benchmarks/{benchmark_id}/submissions/export': {
    access: 'viewer',
    agents: true,
    summary:
      'Exports every submission, newest first, one row each, as CSV or JSON Lines (agents: their own); a part that stops before the end carries Link: <…&cursor=…>; rel="next"',
    tags: ['submissions'],
    schemas: {
      path: BenchmarkPath,
      query: SubmissionExportQuery,
      responses: {
        200: textResponse({
          'text/csv': {
            description:
              'RFC 4180 CSV with a header row; an empty field is null; a text starting with =, +, -, @, a tab or a CR is prefixed with an apostrophe',
            columns: EXPORT_COLUMNS,
          },
          'application/x-ndjson': { description: 'JSON Lines: one submission object per line', lineSchema: 'SubmissionExportRow' },
        }),
      },
    },
    function: {
      name: 'submissionsExport',
      entry: 'functions/http/submissions/export.ts',
      description: 'submissions as CSV or JSON Lines',
      timeoutSeconds: 29,
      uses: [tableRead],
      settings: ['EXPORT_PART_BYTES'],
    },
  },
});
