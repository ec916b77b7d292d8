// A submission export's rows and how they are written: CSV (RFC 4180: a header row, CRLF line ends,
// fields with a comma, quote, CR or LF quoted and quotes doubled, null as an empty field, a text
// that a spreadsheet would run as a formula defused with a leading apostrophe) or JSON
// Lines (one object per line, LF), and the byte budget that keeps one answer under the 6 MB a
// Lambda response may carry. Plain TypeScript.
import { EXPORT_COLUMNS, type SubmissionExportRowView } from '#shared/schemas/exports.ts';
import type { SubmissionStatus } from './submission.ts';

export type ExportFormat = 'csv' | 'jsonl';

export const EXPORT_MEDIA_TYPES = { csv: 'text/csv', jsonl: 'application/x-ndjson' } as const;

/**
 * What an answer's body may hold, counted as the JSON string Lambda returns it in (escapes
 * included): 5 MB of the 6 MB (6,291,456 bytes) a response may carry, the rest for the envelope.
 */
export const EXPORT_BODY_BUDGET_BYTES = 5_000_000;

/** What the export reads of a stored submission (a projection: no answers, no results). */
export interface ExportedSubmission {
  submissionId: string;
  agentId: string;
  version: number;
  status: SubmissionStatus;
  score: number | null;
  /** Part 4's score on public tasks, when stored; else the score. */
  publicScore: number | null;
  confidenceInterval: { low: number; high: number } | null;
  /** Part 3's usage, when stored. */
  usage: { cost_usd?: number; input_tokens?: number; output_tokens?: number } | null;
  transitions: { status: SubmissionStatus; at: string }[];
  createdAt: string;
}

/**
 * The scores a caller sees in an export. `hideFullScore` (hidden test sets: the version has private
 * tasks and the caller may not see full scores before the reveal) leaves `score` and its interval
 * empty, as the submission view does; `public_score` is the stored one or `score`.
 */
export function exportedScores(
  submission: ExportedSubmission,
  hideFullScore = false,
): Pick<SubmissionExportRowView, 'score' | 'public_score' | 'ci_low' | 'ci_high'> {
  // As the submission view: the interval only while scored (a rescore in progress shows none).
  const interval = submission.status === 'scored' && !hideFullScore ? submission.confidenceInterval : null;
  return {
    score: hideFullScore ? null : submission.score,
    public_score: submission.publicScore ?? submission.score,
    ci_low: interval?.low ?? null,
    ci_high: interval?.high ?? null,
  };
}

/** One row; `scored_at` is when it was last scored, while it is scored. */
export function exportRow(submission: ExportedSubmission, agentName: string | null, hideFullScore = false): SubmissionExportRowView {
  const scoredAt = submission.status === 'scored' ? (submission.transitions.findLast((t) => t.status === 'scored')?.at ?? null) : null;
  return {
    submission_id: submission.submissionId,
    agent_id: submission.agentId,
    agent_name: agentName,
    version: submission.version,
    status: submission.status,
    ...exportedScores(submission, hideFullScore),
    cost_usd: submission.usage?.cost_usd ?? null,
    input_tokens: submission.usage?.input_tokens ?? null,
    output_tokens: submission.usage?.output_tokens ?? null,
    created_at: submission.createdAt,
    scored_at: scoredAt,
  };
}

/**
 * A text a spreadsheet would evaluate as a formula when the CSV is opened (CSV injection, OWASP):
 * one starting with =, +, -, @, a tab or a CR. Agent names are the export's free text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * An RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled); null is
 * empty; a text starting like a formula gets a leading apostrophe (numbers are written as they are).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = () => `${EXPORT_COLUMNS.join(',')}\r\n`;

/** One line of the format, with its line end. */
export function exportLine(row: SubmissionExportRowView, format: ExportFormat): string {
  return format === 'csv' ? `${EXPORT_COLUMNS.map((column) => csvField(row[column])).join(',')}\r\n` : `${JSON.stringify(row)}\n`;
}

/** Bytes a text takes inside the JSON string of a Lambda response (UTF-8, escapes included). */
export const envelopeBytes = (text: string) => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;

/** An answer's body built line by line, refusing a line that would take it over the budget. */
export class ExportBody {
  private readonly parts: string[] = [];
  private bytes = 0;
  rows = 0;

  constructor(
    readonly format: ExportFormat,
    private readonly budget = EXPORT_BODY_BUDGET_BYTES,
  ) {
    if (format === 'csv') this.push(csvHeader());
  }

  /** Adds the row's line; false (and nothing added) when it does not fit, unless it is the first row. */
  add(row: SubmissionExportRowView): boolean {
    const line = exportLine(row, this.format);
    const size = envelopeBytes(line);
    // One row always goes, however long, so that every part moves the export on.
    if (this.rows > 0 && this.bytes + size > this.budget) return false;
    this.push(line, size);
    this.rows++;
    return true;
  }

  get text(): string {
    return this.parts.join('');
  }

  private push(line: string, size = envelopeBytes(line)) {
    this.parts.push(line);
    this.bytes += size;
  }
}
