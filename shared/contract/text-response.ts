// A success response whose body is not JSON but text in one of a few media types (CSV, JSON Lines),
// declared in a route's `responses` in place of a zod schema: OpenAPI lists each media type, the
// handler answers a TextBody of one of them (shared/http/text-body.ts), and the twin's contract
// check holds the answer to the declared media type, CSV header and JSON-line schema.
import type { ResponseName } from '#shared/routes/responses.ts';

export interface TextMedia {
  /** What the body holds (OpenAPI). */
  description: string;
  /** Line-delimited JSON: the schema each line keeps, by its name in shared/routes/responses.ts (OpenAPI `x-scorecast-line-schema`). */
  lineSchema?: ResponseName;
  /** CSV: the header row's columns, in order (OpenAPI `x-scorecast-columns`). */
  columns?: readonly string[];
}

export interface TextResponse<M extends string = string> {
  readonly kind: 'text';
  readonly media: Readonly<Record<M, TextMedia>>;
}

/** `responses: { 200: textResponse({ 'text/csv': { … }, 'application/x-ndjson': { … } }) }` */
export const textResponse = <const M extends string>(media: Record<M, TextMedia>): TextResponse<M> => ({ kind: 'text', media });

export const isTextResponse = (value: unknown): value is TextResponse =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'text';
