// Log lines an agent writes while working on a submission. Plain TypeScript.
import { sortableInstant } from '#shared/traces/sortable-instant.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  ts: string;
  level: LogLevel;
  message: string;
}

/** A line with its place in time order: its padded ts, then the request's id and its index there. */
export interface OrderedLogLine extends LogLine {
  sortTs: string;
  seq: string;
}

/**
 * Places one request's lines in time order. Lines with the same ts keep the order they were sent
 * in (the index), and requests with the same ts follow each other by `requestSeq`, a fresh
 * time-sortable id.
 */
export const orderLines = (lines: readonly LogLine[], requestSeq: string): OrderedLogLine[] =>
  lines.map((line, index) => ({ ...line, sortTs: sortableInstant(line.ts), seq: `${requestSeq}.${String(index).padStart(4, '0')}` }));
