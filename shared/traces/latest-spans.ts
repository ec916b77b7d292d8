// A span posted again (same span_id) replaces the stored one; stored by append, both versions are
// kept, so readers take the spans newest append first and keep each span_id's first sight: its
// latest version. A retried append (the same spans again) thus adds nothing a reader sees.
// Plain TypeScript, no I/O.
import { spanView, type Span } from './span.ts';

export interface SpanLimits {
  /** Distinct spans at most. */
  maxSpans: number;
  /** About this many bytes of the spans' JSON (as the API shows them) at most. */
  maxBytes: number;
}

const NO_LIMITS: SpanLimits = { maxSpans: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY };

/** Collects the latest version of each span, offered newest append first, until the limits are reached. */
export class LatestSpans {
  readonly spans: Span[] = [];
  /** A distinct span was offered past the limits (and left out with every later one). */
  truncated = false;
  private readonly seen = new Set<string>();
  private bytes = 0;

  constructor(private readonly limits: SpanLimits = NO_LIMITS) {}

  /** Takes a span unless an older version of one already taken; false once full (stop offering). */
  offer(span: Span): boolean {
    if (this.truncated) return false;
    if (this.seen.has(span.spanId)) return true;
    if (Number.isFinite(this.limits.maxBytes)) this.bytes += Buffer.byteLength(JSON.stringify(spanView(span)));
    if (this.spans.length >= this.limits.maxSpans || this.bytes > this.limits.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.seen.add(span.spanId);
    this.spans.push(span);
    return true;
  }
}
