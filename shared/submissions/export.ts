// Exporting a benchmark's submissions (GET …/submissions/export): every submission the caller may
// see (an agent its own), newest first, as CSV or JSON Lines. One answer holds what fits in the
// byte budget and the time left; when it stops early it names the cursor to go on from, and the
// route answers it as `Link: <…&cursor=…>; rel="next"`.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { agentNames } from '#shared/store/agent-names.ts';
import { exportCursor, exportedSubmissionsPage, exportStart } from '#shared/store/submission-export.ts';
import { type ExportLimits, type ExportSource, exportPart } from './export-part.ts';
import type { ExportFormat } from './export-rows.ts';
import { listedAgent } from './submission.ts';

export interface ExportRequest {
  format: ExportFormat;
  version?: number;
  cursor?: string;
}

export async function exportSubmissions(actor: Principal, benchmarkId: string, request: ExportRequest, limits: ExportLimits) {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const filter = { agentId: listedAgent(actor, undefined), version: request.version };
  const source: ExportSource = {
    page: (start) => exportedSubmissionsPage(actor.tenantId, benchmark.benchmarkId, filter, start),
    names: (agentIds) => agentNames(actor.tenantId, agentIds),
  };
  const part = await exportPart(source, request.format, exportStart(actor.tenantId, benchmark.benchmarkId, request.cursor), limits);
  return { text: part.text, rows: part.rows, nextCursor: part.after ? exportCursor(part.after) : null };
}
