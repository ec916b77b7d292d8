// A submission's spans, stored flat, as the tree a viewer reads: each span under its parent,
// siblings and roots ordered by started_at (then span_id). Whatever an agent sends, every span
// appears exactly once: a span whose parent is unknown (not sent yet, or never) is a root, a
// parent cycle is cut at its earliest span, and nesting deeper than MAX_TREE_DEPTH starts a new
// root (JSON renderers and clients recurse; a 5,000-span chain would overflow their stacks).
import { sortableInstant } from './sortable-instant.ts';
import { spanView, type Span } from './span.ts';

export const MAX_TREE_DEPTH = 100;

export interface SpanNode {
  span: Span;
  children: SpanNode[];
}

export interface TraceTotals {
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export function spanTree(spans: readonly Span[]): SpanNode[] {
  const startOf = new Map(spans.map((span) => [span, sortableInstant(span.startedAt)]));
  const ordered = [...spans].sort((a, b) => compare(startOf.get(a)!, startOf.get(b)!) || compare(a.spanId, b.spanId));
  const position = new Map<string, number>();
  const byId = new Map<string, Span>();
  for (const span of ordered) {
    if (byId.has(span.spanId)) continue;
    position.set(span.spanId, position.size);
    byId.set(span.spanId, span);
  }
  const unique = [...byId.values()];

  const parentOf = new Map<string, string | null>();
  for (const span of unique) {
    const parent = span.parentSpanId;
    parentOf.set(span.spanId, parent !== null && parent !== span.spanId && byId.has(parent) ? parent : null);
  }
  breakCycles(unique, parentOf, position);

  const childrenOf = new Map<string, Span[]>();
  const roots: SpanNode[] = [];
  for (const span of unique) {
    const parent = parentOf.get(span.spanId)!;
    if (parent === null) roots.push({ span, children: [] });
    else if (childrenOf.has(parent)) childrenOf.get(parent)!.push(span);
    else childrenOf.set(parent, [span]);
  }

  // Breadth first, without recursion, so depth is known and no stack grows with the trace.
  const queue: { node: SpanNode; depth: number }[] = roots.map((node) => ({ node, depth: 1 }));
  for (let i = 0; i < queue.length; i++) {
    const { node, depth } = queue[i]!;
    for (const child of childrenOf.get(node.span.spanId) ?? []) {
      const childNode: SpanNode = { span: child, children: [] };
      if (depth >= MAX_TREE_DEPTH) {
        roots.push(childNode);
        queue.push({ node: childNode, depth: 1 });
      } else {
        node.children.push(childNode);
        queue.push({ node: childNode, depth: depth + 1 });
      }
    }
  }
  return roots.sort((a, b) => position.get(a.span.spanId)! - position.get(b.span.spanId)!);
}

/** Follows each span's parents; a chain that comes back on itself loses the link of its earliest span. */
function breakCycles(spans: readonly Span[], parentOf: Map<string, string | null>, position: Map<string, number>): void {
  const settled = new Set<string>();
  for (const span of spans) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: string | null = span.spanId;
    while (current !== null && !settled.has(current) && !onPath.has(current)) {
      onPath.set(current, path.length);
      path.push(current);
      current = parentOf.get(current)!;
    }
    if (current !== null && onPath.has(current)) {
      const cycle = path.slice(onPath.get(current)!);
      const earliest = cycle.reduce((a, b) => (position.get(a)! <= position.get(b)! ? a : b));
      parentOf.set(earliest, null);
    }
    for (const id of path) settled.add(id);
  }
}

export function traceTotals(spans: readonly Span[]): TraceTotals {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  for (const span of spans) {
    inputTokens += span.inputTokens ?? 0;
    outputTokens += span.outputTokens ?? 0;
    costUsd += span.costUsd ?? 0;
  }
  // Summing binary fractions leaves noise (0.1 + 0.2); a billionth of a dollar is precision enough.
  return { spanCount: spans.length, inputTokens, outputTokens, costUsd: Math.round(costUsd * 1e9) / 1e9 };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The tree as the API shows it: each span in snake_case with its `children`. */
export type SpanNodeView = ReturnType<typeof spanView> & { children: SpanNodeView[] };

export const spanNodeView = (node: SpanNode): SpanNodeView => ({ ...spanView(node.span), children: node.children.map(spanNodeView) });
