// One part of an export: rows read page by page from a source into a body, until the rows run out,
// the next row would pass the byte budget, or the time left runs short; and the key to go on
// from. No I/O of its own (the source reads), so it is tested over pages held in memory.
import type { Key } from '#shared/store/cursor.ts';
import { EXPORT_BODY_BUDGET_BYTES, ExportBody, type ExportedSubmission, type ExportFormat, exportRow } from './export-rows.ts';

export interface ExportLimits {
  /** Milliseconds the function has left. */
  remainingTimeMs: () => number;
  /** Stop reading pages when less than this is left (default 3 s: a page and the answer fit in it). */
  reserveMs?: number;
  budgetBytes?: number;
}

/** Where the rows come from: pages newest first after a key, and agents' names. */
export interface ExportSource {
  page(start: Key | undefined): Promise<{ rows: { submission: ExportedSubmission; key: Key }[]; lastKey: Key | undefined }>;
  names(agentIds: string[]): Promise<Map<string, string>>;
}

export interface ExportPart {
  text: string;
  rows: number;
  /** The key to go on after; undefined when this part ends the export. */
  after: Key | undefined;
}

/** Reads pages from `start` into one part until the rows run out, the next row would pass the budget, or time runs short. */
export async function exportPart(source: ExportSource, format: ExportFormat, start: Key | undefined, limits: ExportLimits): Promise<ExportPart> {
  const body = new ExportBody(format, limits.budgetBytes ?? EXPORT_BODY_BUDGET_BYTES);
  const names = new Map<string, string | null>();
  const reserveMs = limits.reserveMs ?? 3000;
  const part = (after: Key | undefined): ExportPart => ({ text: body.text, rows: body.rows, after });
  let after = start;
  for (;;) {
    const page = await source.page(after);
    const unnamed = [...new Set(page.rows.map((row) => row.submission.agentId).filter((agentId) => !names.has(agentId)))];
    if (unnamed.length) {
      const found = await source.names(unnamed);
      for (const agentId of unnamed) names.set(agentId, found.get(agentId) ?? null);
    }
    for (const { submission, key } of page.rows) {
      if (!body.add(exportRow(submission, names.get(submission.agentId) ?? null))) return part(after);
      after = key;
    }
    if (!page.lastKey) return part(undefined);
    after = page.lastKey;
    if (limits.remainingTimeMs() < reserveMs) return part(after);
  }
}
