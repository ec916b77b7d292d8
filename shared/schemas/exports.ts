// Submission exports (GET …/submissions/export): the query and one row, as CSV columns and JSON lines.
import * as z from 'zod/mini';
import { SubmissionStatus } from './submissions.ts';

export const ExportFormat = z.enum(['csv', 'jsonl']);

export const SubmissionExportQuery = z.object({
  format: z._default(ExportFormat, 'csv'),
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  /** From a `Link: <…>; rel="next"` header of the previous part. */
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** One exported submission; its keys are the CSV columns, in order. */
export const SubmissionExportRow = z.object({
  submission_id: z.string(),
  agent_id: z.string(),
  /** null when the agent is gone. */
  agent_name: z.nullable(z.string()),
  version: z.number(),
  status: SubmissionStatus,
  score: z.nullable(z.number()),
  public_score: z.nullable(z.number()),
  ci_low: z.nullable(z.number()),
  ci_high: z.nullable(z.number()),
  cost_usd: z.nullable(z.number()),
  input_tokens: z.nullable(z.number()),
  output_tokens: z.nullable(z.number()),
  created_at: z.string(),
  scored_at: z.nullable(z.string()),
});

export type SubmissionExportRowView = z.output<typeof SubmissionExportRow>;

export const EXPORT_COLUMNS = Object.keys(SubmissionExportRow.def.shape) as (keyof SubmissionExportRowView)[];
