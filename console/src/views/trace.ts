// A trace as a waterfall: the span tree flattened depth-first, each span's offset and width as
// fractions of the whole trace's time. Pure.

export interface Span {
  span_id: string;
  name: string;
  kind: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  children: Span[];
}

export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Start offset from the trace's start, 0–1. */
  offset: number;
  /** Duration as a share of the trace's duration, 0–1 (a span still open reaches the trace's end). */
  width: number;
  durationMs: number | null;
}

export function waterfall(roots: Span[]): WaterfallRow[] {
  const flat: { span: Span; depth: number }[] = [];
  const visit = (span: Span, depth: number) => {
    flat.push({ span, depth });
    for (const child of span.children ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  if (flat.length === 0) return [];
  const start = Math.min(...flat.map(({ span }) => Date.parse(span.started_at)));
  const end = Math.max(...flat.map(({ span }) => Date.parse(span.ended_at ?? span.started_at)));
  const total = Math.max(end - start, 1);
  return flat.map(({ span, depth }) => {
    const from = Date.parse(span.started_at);
    const to = span.ended_at ? Date.parse(span.ended_at) : end;
    return {
      span,
      depth,
      offset: (from - start) / total,
      width: Math.max((to - from) / total, 0.005),
      durationMs: span.ended_at ? to - from : null,
    };
  });
}
