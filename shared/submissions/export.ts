// Exporting a benchmark's submissions (GET …/submissions/export): every submission the caller may
// see (an agent its own), newest first, as CSV or JSON Lines. One answer holds what fits in the
// byte budget and the time left; when it stops early it names the cursor to go on from, and the
// route answers it as `Link: <…&cursor=…>; rel="next"`.
import type { Principal } from '#shared/auth/principal.ts';
import { getBenchmark } from '#shared/benchmarks/operations.ts';
import { agentNames } from '#shared/store/agent-names.ts';
import type { Key } from '#shared/store/cursor.ts';
import { exportCursor, exportedSubmissionsPage, exportStart } from '#shared/store/submission-export.ts';
import { EXPORT_BODY_BUDGET_BYTES, ExportBody, type ExportFormat, exportRow } from './export-rows.ts';
import { listedAgent } from './submission.ts';

export interface ExportRequest {
  format: ExportFormat;
  version?: number;
  cursor?: string;
}

export interface ExportLimits {
  /** Milliseconds the function has left. */
  remainingTimeMs: () => number;
  /** Stop reading pages when less than this is left (default 3 s: a page and the answer fit in it). */
  reserveMs?: number;
  budgetBytes?: number;
}

export interface ExportPart {
  text: string;
  rows: number;
  /** Where the next part starts; null when this part ends the export. */
  nextCursor: string | null;
}

export async function exportSubmissions(actor: Principal, benchmarkId: string, request: ExportRequest, limits: ExportLimits): Promise<ExportPart> {
  const benchmark = await getBenchmark(actor, benchmarkId);
  const filter = { agentId: listedAgent(actor, undefined), version: request.version };
  const body = new ExportBody(request.format, limits.budgetBytes ?? EXPORT_BODY_BUDGET_BYTES);
  const names = new Map<string, string | null>();
  const reserveMs = limits.reserveMs ?? 3000;
  let start = exportStart(actor.tenantId, benchmark.benchmarkId, request.cursor);
  const part = (after: Key | undefined): ExportPart => ({ text: body.text, rows: body.rows, nextCursor: after ? exportCursor(after) : null });
  for (;;) {
    const page = await exportedSubmissionsPage(actor.tenantId, benchmark.benchmarkId, filter, start);
    const unnamed = page.rows.map((row) => row.submission.agentId).filter((agentId) => !names.has(agentId));
    if (unnamed.length) {
      const found = await agentNames(actor.tenantId, unnamed);
      for (const agentId of unnamed) names.set(agentId, found.get(agentId) ?? null);
    }
    for (const { submission, key } of page.rows) {
      if (!body.add(exportRow(submission, names.get(submission.agentId) ?? null))) return part(start);
      start = key;
    }
    if (!page.lastKey) return part(undefined);
    start = page.lastKey;
    if (limits.remainingTimeMs() < reserveMs) return part(start);
  }
}
